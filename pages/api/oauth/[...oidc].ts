import type { IncomingMessage, ServerResponse } from "node:http";
import { siteOrigin } from "@/server/http/origin";
import { OAUTH_PATH, smartProvider } from "@/server/smart/provider";

/**
 * The OAuth 2.0 / OpenID Connect server for SMART apps (oidc-provider). It is a Node (Koa) request
 * handler, so it is mounted here, in a Pages Router API route, which Next.js gives the Node
 * request and response as they are, rather than in an App Router route handler (a Web Request).
 * The body is left unread for the provider to parse.
 */
export const config = { api: { bodyParser: false, externalResolver: true } };

export default async function oauth(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
  const site = siteOrigin(headers) ?? `http://${req.headers.host ?? "localhost"}`;
  // The provider routes on the path below its mount point and builds its URLs from the rest.
  req.originalUrl = req.url;
  req.url = (req.url ?? "/").slice(OAUTH_PATH.length) || "/";
  await smartProvider(site).callback()(req, res);
}
