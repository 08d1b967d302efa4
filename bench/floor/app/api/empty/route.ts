/** An empty JSON route: reads the body a device sends and answers with an empty object. */
export async function POST(request: Request): Promise<Response> {
  await request.json();
  return Response.json({}, { status: 201, headers: { "cache-control": "no-store" } });
}
