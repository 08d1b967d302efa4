import { siteOrigin } from "@/server/http/origin";
import { smartConfiguration } from "@/server/smart/configuration";

/** SMART App Launch's discovery document: open to anyone, as apps read it before they authorise. */
export async function GET(request: Request): Promise<Response> {
  const site = siteOrigin(request.headers, request.url) ?? new URL(request.url).origin;
  return Response.json(smartConfiguration(site), {
    headers: { "cache-control": "no-store", "access-control-allow-origin": "*" },
  });
}
