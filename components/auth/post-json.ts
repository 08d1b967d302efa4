/** Posts JSON to one of the sign-in routes and returns its answer, or a sentence when the network failed. */
export type Answer =
  | { ok: true; body: Record<string, unknown> }
  | { ok: false; status: number; message: string; fieldErrors: Record<string, string> };

export async function postJson(url: string, body: unknown): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    return {
      ok: false,
      status: 0,
      message: "We could not reach the server. Please check your connection and try again.",
      fieldErrors: {},
    };
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return { ok: true, body: json };
  const fieldErrors: Record<string, string> = {};
  for (const e of (json.errors as { field: string; message: string }[] | undefined) ?? [])
    fieldErrors[e.field] ??= e.message;
  const message = typeof json.title === "string" ? json.title : "Something went wrong. Please try again.";
  return { ok: false, status: response.status, message, fieldErrors };
}
