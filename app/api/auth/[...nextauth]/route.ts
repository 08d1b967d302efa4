import { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { isSameOrigin, NOT_THIS_SITE, readCapped, refusal } from "@/server/auth/http";
import { authOptions } from "@/server/auth/options";

const handler = NextAuth(authOptions);

/** The fields next-auth's own client sends to its endpoints; anything else is refused. */
const FIELDS = new Set(["email", "password", "csrfToken", "callbackUrl", "json", "redirect"]);

/** Parses the body the way next-auth would, but refusing instead of throwing. */
function parseBody(type: string, text: string): Record<string, unknown> | null {
  if (type.startsWith("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
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
 * small form or JSON object of text fields it knows. next-auth then checks its CSRF token, and the
 * credentials go to server/auth/sign-in.ts.
 */
export async function POST(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  if (!isSameOrigin(request.headers)) return refusal(403, NOT_THIS_SITE);
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("application/json")) {
    return refusal(415, "Send the form as application/x-www-form-urlencoded or JSON.");
  }
  const text = await readCapped(request);
  if (text === null) return refusal(413, "The request is too large.");
  const body = parseBody(type, text);
  if (!body) return refusal(400, "The request is not a valid form.");
  const unexpected = Object.keys(body).filter((key) => !FIELDS.has(key));
  if (unexpected.length > 0) {
    return refusal(
      400,
      "The request has fields that are not expected.",
      unexpected.slice(0, 20).map((field) => ({ field: field.slice(0, 100), message: "This field is not expected." })),
    );
  }
  if (Object.values(body).some((value) => typeof value !== "string")) {
    return refusal(400, "Every field must be text.");
  }
  const forwarded = new NextRequest(request.url, { method: "POST", headers: request.headers, body: text });
  return handler(forwarded, context);
}

export { handler as GET };
