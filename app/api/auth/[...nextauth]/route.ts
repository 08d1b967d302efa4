import { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { AppError } from "@/lib/errors";
import { authOptions } from "@/server/auth/options";
import { AUTH_BODY_LIMIT, mediaType, readBody } from "@/server/http/body";
import { isSameOrigin, NOT_THIS_SITE } from "@/server/http/origin";
import { problem, problemFor } from "@/server/http/problem";

const handler = NextAuth(authOptions);

/** The fields next-auth's own client sends to its endpoints; anything else is refused. */
const FIELDS = new Set(["email", "password", "csrfToken", "callbackUrl", "json", "redirect"]);

/** Parses the body the way next-auth would, but refusing instead of throwing. */
function parseBody(type: string, text: string): Record<string, unknown> | null {
  if (type === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(text));
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Sign-in and sign-out posts. Before next-auth sees them: the Origin must be this site, the body a
 * small form or JSON object of text fields it knows, refused with the same problem documents as
 * every other route (server/http/route.ts). next-auth then checks its CSRF token, and the
 * credentials go to server/auth/sign-in.ts.
 */
export async function POST(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  if (!isSameOrigin(request.headers, request.url)) return problem(403, NOT_THIS_SITE);
  const type = mediaType(request);
  if (type !== "application/x-www-form-urlencoded" && type !== "application/json") {
    return problem(415, "Send the form as application/x-www-form-urlencoded or JSON.");
  }
  let text: string;
  try {
    text = await readBody(request, AUTH_BODY_LIMIT);
  } catch (error) {
    if (error instanceof AppError) return problemFor(error);
    throw error;
  }
  const body = parseBody(type, text);
  if (!body) return problem(400, "The request is not a valid form.");
  const unexpected = Object.keys(body).filter((key) => !FIELDS.has(key));
  if (unexpected.length > 0) {
    return problem(400, "The request has fields that are not expected.", {
      errors: unexpected
        .slice(0, 20)
        .map((field) => ({ field: field.slice(0, 100), message: "This field is not expected." })),
    });
  }
  if (Object.values(body).some((value) => typeof value !== "string")) {
    return problem(400, "Every field must be text.");
  }
  const forwarded = new NextRequest(request.url, { method: "POST", headers: request.headers, body: text });
  return handler(forwarded, context);
}

/**
 * next-auth's own pages and documents. Its session document is what the server reads too, with the
 * session's secret token in it; the browser's copy leaves the token out, so no script on the page
 * can read it (the cookie that carries it is httpOnly).
 */
export async function GET(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  const response: Response = await handler(request, context);
  if (!request.nextUrl.pathname.endsWith("/session") || !response.ok) return response;
  const { stk: _token, ...session } = (await response.json()) as Record<string, unknown>;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(session), { status: response.status, headers });
}
