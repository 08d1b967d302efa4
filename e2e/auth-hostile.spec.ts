/**
 * Malformed and hostile requests to the running server's sign-in and one-time-link endpoints:
 * wrong types, missing and extra fields, oversized bodies, script and SQL fragments, foreign or
 * missing Origin. Each is answered with a clear refusal; none signs anyone in, sets a password or
 * causes a server error. (tests/auth-hostile.test.ts covers the same functions without HTTP.)
 */
import { type APIRequestContext, type APIResponse, expect, test } from "@playwright/test";
import { signInMessage } from "../lib/auth/messages";

type Send = (
  request: APIRequestContext,
  ctx: { origin: string; csrf: string; forwarded: Record<string, string> },
) => Promise<APIResponse>;
type Case = { name: string; send: Send; status: number | number[] };

const CREDENTIALS = "/api/auth/callback/credentials";
const huge = (n: number) => "x".repeat(n);

// Each request names its own source address, as a client could. The server (TRUSTED_PROXY_HOPS
// unset: no proxy) trusts none of them and counts failures per email typed instead, so the
// answers here must not depend on the header (tests/links-and-limits.test.ts).
let n = 0;
const fresh = () => ({ "x-forwarded-for": `203.0.113.${(n++ % 250) + 1}` });

/** Credentials posted as next-auth's own client does (form-encoded, with its CSRF token). */
const credentials =
  (fields: Record<string, string>, extra: { origin?: string | null; csrf?: string | null } = {}): Send =>
  (request, { origin, csrf, forwarded }) =>
    request.post(CREDENTIALS, {
      headers: { ...forwarded, ...(extra.origin === null ? {} : { origin: extra.origin ?? origin }) },
      form: {
        ...fields,
        ...(extra.csrf === null ? {} : { csrfToken: extra.csrf ?? csrf }),
        json: "true",
        callbackUrl: "/",
      },
      maxRedirects: 0,
    });

const raw =
  (
    path: string,
    body: string | Buffer,
    headers: Record<string, string>,
    origin: "same" | "none" | string = "same",
  ): Send =>
  (request, ctx) =>
    request.post(path, {
      headers: {
        ...ctx.forwarded,
        ...headers,
        ...(origin === "none" ? {} : { origin: origin === "same" ? ctx.origin : origin }),
      },
      data: body,
      maxRedirects: 0,
    });

const json = (path: string, value: unknown, origin: "same" | "none" | string = "same"): Send =>
  raw(path, JSON.stringify(value), { "content-type": "application/json" }, origin);

/** Unknown, hostile email strings: each a different "account", so none is locked by the others. */
const hostileEmails = [
  "<script>alert(1)</script>@e2e.example",
  '"><img src=x onerror=alert(1)>@e2e.example',
  "' OR '1'='1'@e2e.example",
  "admin'--@e2e.example",
  "x@e2e.example'; DROP TABLE users; --",
  "isla.reid@ecc.example' OR 1=1 --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  "${7*7}@e2e.example",
  "%00@e2e.example",
  "nobody@e2e.example\r\nSet-Cookie: a=b",
];
const hostilePasswords = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  "<script>alert(document.cookie)</script>",
  "\u0000",
  huge(1024),
];

const TOKEN = "A".repeat(43);
const cases: Case[] = [
  // --- sign-in: refused by next-auth after server/auth/sign-in.ts says no (401 and an error code)
  ...hostileEmails.map(
    (email): Case => ({
      name: `email ${JSON.stringify(email)}`,
      send: credentials({ email, password: "whatever it is" }),
      status: 401,
    }),
  ),
  ...hostilePasswords.map(
    (password, i): Case => ({
      name: `password ${JSON.stringify(password.slice(0, 30))}`,
      send: credentials({ email: `hostile-${i}@e2e.example`, password }),
      status: 401,
    }),
  ),
  { name: "no password", send: credentials({ email: "someone@e2e.example" }), status: 401 },
  { name: "no email", send: credentials({ password: "whatever it is" }), status: 401 },
  { name: "empty fields", send: credentials({ email: "", password: "" }), status: 401 },
  {
    name: "a 300-character email",
    send: credentials({ email: `${huge(290)}@e2e.example`, password: "x" }),
    status: 401,
  },
  // --- sign-in: refused before next-auth (the route's own checks)
  {
    name: "sign-in with an extra field",
    send: credentials({ email: "a@e2e.example", password: "x", role: "admin" }),
    status: 400,
  },
  {
    name: "sign-in with a field named like SQL",
    send: credentials({ email: "a@e2e.example", password: "x", "1=1--": "1" }),
    status: 400,
  },
  {
    name: "sign-in without Origin",
    send: credentials({ email: "a@e2e.example", password: "x" }, { origin: null }),
    status: 403,
  },
  {
    name: "sign-in from a foreign Origin",
    send: credentials({ email: "a@e2e.example", password: "x" }, { origin: "https://evil.example" }),
    status: 403,
  },
  {
    name: "sign-in from Origin null",
    send: credentials({ email: "a@e2e.example", password: "x" }, { origin: "null" }),
    status: 403,
  },
  {
    name: "sign-in from a look-alike Origin",
    send: credentials({ email: "a@e2e.example", password: "x" }, { origin: "http://localhost.evil.example" }),
    status: 403,
  },
  {
    name: "sign-in without the CSRF token",
    send: credentials({ email: "a@e2e.example", password: "x" }, { csrf: null }),
    status: [200, 302],
  },
  {
    name: "sign-in with a forged CSRF token",
    send: credentials({ email: "a@e2e.example", password: "x" }, { csrf: "forged" }),
    status: [200, 302],
  },
  {
    name: "sign-in as text/plain",
    send: raw(CREDENTIALS, "email=a&password=b", { "content-type": "text/plain" }),
    status: 415,
  },
  { name: "sign-in with no content type", send: raw(CREDENTIALS, "email=a&password=b", {}), status: 415 },
  {
    name: "sign-in as multipart",
    send: raw(CREDENTIALS, "--b\r\n\r\n--b--", { "content-type": "multipart/form-data; boundary=b" }),
    status: 415,
  },
  {
    name: "sign-in with a 20 KB body",
    send: credentials({ email: "a@e2e.example", password: huge(20_000) }),
    status: 413,
  },
  {
    name: "sign-in with broken JSON",
    send: raw(CREDENTIALS, '{"email":', { "content-type": "application/json" }),
    status: 400,
  },
  { name: "sign-in with a JSON array", send: json(CREDENTIALS, ["a@e2e.example", "x"]), status: 400 },
  {
    name: "sign-in with the email as an object",
    send: json(CREDENTIALS, { email: { $ne: null }, password: "x" }),
    status: 400,
  },
  {
    name: "sign-in with the password as a number",
    send: json(CREDENTIALS, { email: "a@e2e.example", password: 12345678 }),
    status: 400,
  },
  // --- activation and reset links
  {
    name: "activation without Origin",
    send: json("/api/auth/activation", { token: TOKEN, password: "a b c d e f g", confirm: "a b c d e f g" }, "none"),
    status: 403,
  },
  {
    name: "activation from a foreign Origin",
    send: json("/api/auth/activation", {}, "https://evil.example"),
    status: 403,
  },
  {
    name: "activation as a form",
    send: raw("/api/auth/activation", "token=a", { "content-type": "application/x-www-form-urlencoded" }),
    status: 415,
  },
  {
    name: "activation with broken JSON",
    send: raw("/api/auth/activation", "{", { "content-type": "application/json" }),
    status: 400,
  },
  {
    name: "activation with JSON null",
    send: raw("/api/auth/activation", "null", { "content-type": "application/json" }),
    status: 400,
  },
  { name: "activation with an array", send: json("/api/auth/activation", [TOKEN]), status: 400 },
  { name: "activation with no fields", send: json("/api/auth/activation", {}), status: 400 },
  {
    name: "activation with an extra field",
    send: json("/api/auth/activation", {
      token: TOKEN,
      password: "Quiet orange lighthouse",
      confirm: "Quiet orange lighthouse",
      role: "admin",
    }),
    status: 400,
  },
  {
    name: "activation with the token as a number",
    send: json("/api/auth/activation", {
      token: 7,
      password: "Quiet orange lighthouse",
      confirm: "Quiet orange lighthouse",
    }),
    status: 400,
  },
  {
    name: "activation with the password as an object",
    send: json("/api/auth/activation", { token: TOKEN, password: { length: 20 }, confirm: "x" }),
    status: 400,
  },
  {
    name: "activation with a guessed token",
    send: json("/api/auth/activation", {
      token: TOKEN,
      password: "Quiet orange lighthouse",
      confirm: "Quiet orange lighthouse",
    }),
    status: 404,
  },
  {
    name: "activation with an SQL token",
    send: json("/api/auth/activation", {
      token: "' OR 1=1 --",
      password: "Quiet orange lighthouse",
      confirm: "Quiet orange lighthouse",
    }),
    status: 404,
  },
  {
    name: "activation with a script token",
    send: json("/api/auth/activation", {
      token: "<script>alert(1)</script>",
      password: "Quiet orange lighthouse",
      confirm: "Quiet orange lighthouse",
    }),
    status: 404,
  },
  {
    name: "activation with a 20 KB body",
    send: json("/api/auth/activation", { token: TOKEN, password: huge(20_000), confirm: "x" }),
    status: 413,
  },
  {
    name: "a link page with a script for a token",
    send: (r) => r.get(`/activate/${encodeURIComponent("<script>alert(1)</script>")}`),
    status: 200,
  },
  // --- the second factor and enrolment, with no half-signed-in session
  { name: "second factor without a session", send: json("/api/auth/second-factor", { code: "123456" }), status: 401 },
  {
    name: "second factor with a script for a code",
    send: json("/api/auth/second-factor", { code: "<script>alert(1)</script>" }),
    status: 401,
  },
  {
    name: "second factor with the code as a number",
    send: json("/api/auth/second-factor", { code: 123456 }),
    status: 400,
  },
  {
    name: "second factor with an extra field",
    send: json("/api/auth/second-factor", { code: "123456", userId: "00000000-0000-4000-8000-000000000000" }),
    status: 400,
  },
  {
    name: "second factor with a 100-character code",
    send: json("/api/auth/second-factor", { code: huge(100) }),
    status: 400,
  },
  {
    name: "second factor without Origin",
    send: json("/api/auth/second-factor", { code: "123456" }, "none"),
    status: 403,
  },
  { name: "enrolment without a session", send: json("/api/auth/enrolment", { code: "123456" }), status: 401 },
  {
    name: "enrolment from a foreign Origin",
    send: json("/api/auth/enrolment", { code: "123456" }, "https://evil.example"),
    status: 403,
  },
  { name: "sign out everywhere without a session", send: json("/api/auth/sign-out-everywhere", {}), status: 401 },
  {
    name: "sign out everywhere from a foreign Origin",
    send: json("/api/auth/sign-out-everywhere", {}, "https://evil.example"),
    status: 403,
  },
  // --- the proxy, before any page or server action
  {
    name: "a POST to the sign-in page from a foreign Origin",
    send: raw("/sign-in", "a=b", { "content-type": "application/x-www-form-urlencoded" }, "https://evil.example"),
    status: 403,
  },
  {
    name: "a POST to the sign-in page without Origin",
    send: raw(
      "/sign-in",
      "a=b",
      { "content-type": "application/x-www-form-urlencoded", "next-action": "0123456789abcdef" },
      "none",
    ),
    status: 403,
  },
  {
    name: "PUT on the activation route",
    send: (r, ctx) => r.put("/api/auth/activation", { headers: { origin: ctx.origin }, data: {} }),
    status: 405,
  },
];

test("at least 50 hostile requests", () => {
  expect(cases.length).toBeGreaterThanOrEqual(50);
});

test.describe("hostile requests to sign-in and one-time links", () => {
  let csrf = "";
  let origin = "";

  test.beforeEach(async ({ request, baseURL }) => {
    origin = baseURL as string;
    const answer = await request.get("/api/auth/csrf");
    csrf = ((await answer.json()) as { csrfToken: string }).csrfToken;
  });

  for (const c of cases) {
    test(c.name, async ({ request }) => {
      const response = await c.send(request, { origin, csrf, forwarded: fresh() });
      const status = response.status();
      expect(status, await response.text()).toBeLessThan(500);
      expect(Array.isArray(c.status) ? c.status : [c.status]).toContain(status);

      const type = response.headers()["content-type"] ?? "";
      const text = await response.text();
      if (type.includes("application/problem+json")) {
        const problem = JSON.parse(text) as { title: string };
        expect(problem.title.length).toBeGreaterThan(10);
      } else if (type.includes("application/json")) {
        // next-auth answers with where the form should go: back to sign-in with an error code
        // (which the form shows as one sentence), or to sign in again when its CSRF check failed.
        const url = new URL((JSON.parse(text) as { url: string }).url);
        const error = url.searchParams.get("error");
        if (status === 401) expect(signInMessage(error)).toMatch(/incorrect|attempts/);
        else expect(url.searchParams.get("csrf")).toBe("true");
      }
      // Nobody was signed in, and nothing was echoed back unescaped or leaked.
      expect(response.headers()["set-cookie"] ?? "").not.toContain("session-token");
      expect(text).not.toContain("<script>alert(1)</script>");
      if (!type.includes("text/html")) expect(text).not.toMatch(/DROP TABLE|\bat \w+ \(|node_modules/);
      const session = await request.get("/api/auth/session");
      expect(await session.json()).toEqual({});
    });
  }
});
