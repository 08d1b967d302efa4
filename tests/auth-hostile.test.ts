/**
 * Malformed and hostile input to the sign-in and one-time-link actions, at the functions the routes
 * call and at the HTTP wrappers in front of them: wrong types, missing and extra fields, oversized
 * bodies, script and SQL fragments, foreign or missing Origin. Each is refused with a clear answer;
 * none is accepted and none is a server error. (e2e/auth-hostile.spec.ts sends the same kinds of
 * request to the running server.)
 */
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { POST as nextAuthPost } from "../app/api/auth/[...nextauth]/route";
import { createInvitation, unlockAccount } from "../db/queries/auth";
import * as t from "../db/schema";
import { stableId } from "../db/stable-id";
import { activateWithLink } from "../server/auth/invitations";
import { hashPassword } from "../server/auth/password";
import { attemptSignIn } from "../server/auth/sign-in";
import { AUTH_BODY_LIMIT as MAX_AUTH_BODY_BYTES } from "../server/http/body";
import { problem } from "../server/http/problem";
import { route } from "../server/http/route";
import { rowsOf } from "./support/database";
import { as } from "./support/fixtures";
import { HOSTILE_VALUES, HOSTILE_STRINGS as hostileStrings, HUGE as huge } from "./support/hostile-inputs";
import { suiteDatabase } from "./support/suite-database";

const id = (name: string) => stableId(`auth-hostile:${name}`);
const ORG = id("org");
const ADMIN = id("admin");
const STAFF = id("staff");
const PASSWORD = "Tangerine velvet harbour 7";
const SITE = "http://localhost:3100";

const db = suiteDatabase("auth_hostile", { fixtures: false });
let token: string;

beforeAll(async () => {
  const passwordHash = await hashPassword(PASSWORD);
  await db.asOwner(async (owner) => {
    await owner
      .insert(t.organisations)
      .values({ id: ORG, name: "Org", slug: "org", settings: { mfaRequiredForStaff: false } });
    await owner.insert(t.users).values([
      { id: ADMIN, organisationId: ORG, kind: "staff", email: "admin@org.example", displayName: "Admin", passwordHash },
      { id: STAFF, organisationId: ORG, kind: "staff", email: "invitee@org.example", displayName: "Invitee" },
    ]);
    await owner.insert(t.staffMemberships).values({ userId: ADMIN, organisationId: ORG, role: "admin" });
  });
  ({ token } = await as(db, ADMIN, (tx) =>
    createInvitation(tx, { userId: STAFF, purpose: "activate", createdBy: ADMIN, now: new Date() }),
  ));
}, 120_000);

const at = () => new Date();
/** Sign-in with these credentials must be refused (the same sentence as a wrong password). */
const signInCases: [string, unknown][] = [
  ["nothing", undefined],
  ["null", null],
  ["a string", "admin@org.example"],
  ["a number", 42],
  ["an array", ["admin@org.example", PASSWORD]],
  ["no fields", {}],
  ["no password", { email: "admin@org.example" }],
  ["no email", { password: PASSWORD }],
  ["email as a number", { email: 12345, password: PASSWORD }],
  ["email as an array", { email: ["admin@org.example"], password: PASSWORD }],
  ["email as an object", { email: { $ne: null }, password: PASSWORD }],
  ["password as an object", { email: "admin@org.example", password: { $ne: null } }],
  ["password as true", { email: "admin@org.example", password: true }],
  ["password as an array", { email: "admin@org.example", password: [PASSWORD] }],
  ["empty password", { email: "admin@org.example", password: "" }],
  ["empty email", { email: "", password: PASSWORD }],
  ["oversized email", { email: `${huge}@org.example`, password: PASSWORD }],
  ["oversized password", { email: "admin@org.example", password: huge }],
  ["an extra field", { email: "admin@org.example", password: PASSWORD, role: "admin" }],
  [
    "prototype pollution",
    JSON.parse(`{"email":"admin@org.example","password":"${PASSWORD}","__proto__":{"isAdmin":true}}`),
  ],
  ...hostileStrings.map((s): [string, unknown] => [`email ${JSON.stringify(s)}`, { email: s, password: PASSWORD }]),
  ...hostileStrings.map((s): [string, unknown] => [
    `password ${JSON.stringify(s)}`,
    { email: "admin@org.example", password: s },
  ]),
];

describe("sign-in refuses malformed and hostile credentials", () => {
  test.each(signInCases)("%s", async (_name, raw) => {
    const result = await attemptSignIn(db.runtime, raw, { address: null, userAgent: null, at: at() });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(["refused", "slowed", "locked"]).toContain(result.refusal);
  });

  test("the right credentials work once an admin lifts the lock the wrong passwords earned", async () => {
    await as(db, ADMIN, (tx) => unlockAccount(tx, ADMIN));
    expect(
      await attemptSignIn(
        db.runtime,
        { email: "admin@org.example", password: PASSWORD },
        { address: null, userAgent: null, at: at() },
      ),
    ).toMatchObject({ ok: true });
  });
});

/** Activation bodies that must be refused, with the status they get. */
const activationCases: [string, unknown, number][] = [
  ["nothing", undefined, 400],
  ["null", null, 400],
  ["a string", "password", 400],
  ["an array", ["TOKEN", PASSWORD, PASSWORD], 400],
  ["no fields", {}, 400],
  ["no token", { password: PASSWORD, confirm: PASSWORD }, 400],
  ["no password", { token: "TOKEN", confirm: PASSWORD }, 400],
  ["no confirmation", { token: "TOKEN", password: PASSWORD }, 400],
  ["token as a number", { token: 1, password: PASSWORD, confirm: PASSWORD }, 400],
  ["token as an object", { token: { $gt: "" }, password: PASSWORD, confirm: PASSWORD }, 400],
  ["password as an array", { token: "TOKEN", password: [PASSWORD], confirm: PASSWORD }, 400],
  ["an extra field", { token: "TOKEN", password: PASSWORD, confirm: PASSWORD, userId: ADMIN }, 400],
  ["a role smuggled in", { token: "TOKEN", password: PASSWORD, confirm: PASSWORD, role: "admin" }, 400],
  ["oversized password", { token: "TOKEN", password: huge, confirm: huge }, 400],
  ["oversized token", { token: huge, password: PASSWORD, confirm: PASSWORD }, 400],
  ["a guessed token", { token: "A".repeat(43), password: PASSWORD, confirm: PASSWORD }, 404],
  ["a token with SQL", { token: "' OR 1=1; --", password: PASSWORD, confirm: PASSWORD }, 404],
  ["a token with script", { token: "<script>alert(1)</script>", password: PASSWORD, confirm: PASSWORD }, 404],
  ["a token one character short", { token: "TOKEN_SHORT", password: PASSWORD, confirm: PASSWORD }, 404],
  ["a common password", { token: "TOKEN", password: "password1234", confirm: "password1234" }, 400],
  ["a short password", { token: "TOKEN", password: "short", confirm: "short" }, 400],
  ["129 characters", { token: "TOKEN", password: "x7!".repeat(43), confirm: "x7!".repeat(43) }, 400],
  ["passwords that differ", { token: "TOKEN", password: PASSWORD, confirm: `${PASSWORD} ` }, 400],
  [
    "the email as the password",
    { token: "TOKEN", password: "invitee@org.example!", confirm: "invitee@org.example!" },
    400,
  ],
];

const withToken = (raw: unknown): unknown => {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const body = { ...(raw as Record<string, unknown>) };
  if (body.token === "TOKEN") body.token = token;
  if (body.token === "TOKEN_SHORT") body.token = token.slice(0, -1);
  return body;
};

describe("activation refuses malformed and hostile input", () => {
  test.each(activationCases)("%s", async (_name, raw, status) => {
    const result = await activateWithLink(db.runtime, withToken(raw), at());
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.status).toBe(status);
      expect(result.message.length).toBeGreaterThan(10);
    }
  });

  test("the link still works for its owner afterwards, once", async () => {
    expect(
      await activateWithLink(
        db.runtime,
        { token, password: "Quiet orange lighthouse", confirm: "Quiet orange lighthouse" },
        at(),
      ),
    ).toMatchObject({ ok: true });
    expect(
      await activateWithLink(
        db.runtime,
        { token, password: "Quiet orange lighthouse", confirm: "Quiet orange lighthouse" },
        at(),
      ),
    ).toMatchObject({
      ok: false,
      status: 410,
    });
    const [row] = await db.asOwner((o) =>
      rowsOf<{ n: number }>(o, sql`select count(*)::int as n from users where email like '%script%'`),
    );
    expect(row.n).toBe(0);
  });
});

/** The activation route, as app/api/auth/activation/route.ts composes it, on the test database. */
const activationRoute = route({
  name: "activation",
  roles: "anyone",
  input: z.unknown(),
  maxBodyBytes: MAX_AUTH_BODY_BYTES,
  run: async (raw) => {
    const result = await activateWithLink(db.runtime, raw, at());
    return result.ok
      ? { ok: true, purpose: result.purpose }
      : problem(result.status, result.message, { errors: result.fields });
  },
});

function post(path: string, body: string | undefined, headers: Record<string, string>): NextRequest {
  return new NextRequest(`${SITE}${path}`, { method: "POST", headers: { host: "localhost:3100", ...headers }, body });
}
const json = { "content-type": "application/json", origin: SITE };
const form = { "content-type": "application/x-www-form-urlencoded", origin: SITE };

const httpCases: [string, string | undefined, Record<string, string>, number][] = [
  [
    "no Origin",
    JSON.stringify({ token: "x", password: PASSWORD, confirm: PASSWORD }),
    { "content-type": "application/json" },
    403,
  ],
  ["a foreign Origin", "{}", { ...json, origin: "https://evil.example" }, 403],
  ["Origin null", "{}", { ...json, origin: "null" }, 403],
  ["a look-alike Origin", "{}", { ...json, origin: "http://localhost:3100.evil.example" }, 403],
  ["a malformed Origin", "{}", { ...json, origin: "http//localhost:3100" }, 403],
  ["no content type", "{}", { origin: SITE }, 415],
  ["text/plain (a cross-site form's type)", "{}", { "content-type": "text/plain", origin: SITE }, 415],
  ["multipart", "--x--", { "content-type": "multipart/form-data; boundary=x", origin: SITE }, 415],
  [
    "an oversized body",
    JSON.stringify({ token: "x", password: "y".repeat(MAX_AUTH_BODY_BYTES), confirm: "y" }),
    json,
    413,
  ],
  ["a declared oversized body", "{}", { ...json, "content-length": String(10 * 1024 * 1024) }, 413],
  ["broken JSON", '{"token": ', json, 400],
  ["JSON null", "null", json, 400],
  ["a JSON array", "[1,2,3]", json, 400],
  ["a JSON string", '"<script>alert(1)</script>"', json, 400],
  ["an empty body", "", json, 400],
  ["deeply nested JSON", `${"[".repeat(3000)}${"]".repeat(3000)}`, json, 400],
];

describe("the JSON wrapper in front of the activation and second-factor routes", () => {
  test.each(httpCases)("%s", async (_name, body, headers, status) => {
    const response = await activationRoute(post("/api/auth/activation", body, headers));
    expect(response.status).toBe(status);
    const problem = (await response.json()) as { title: string };
    expect(problem.title.length).toBeGreaterThan(10);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });
});

const nextAuthCases: [string, string | undefined, Record<string, string>, number][] = [
  ["no Origin", "email=a%40b.c&password=x&csrfToken=t", { "content-type": "application/x-www-form-urlencoded" }, 403],
  ["a foreign Origin", "email=a%40b.c&password=x&csrfToken=t", { ...form, origin: "https://evil.example" }, 403],
  ["Origin null", "email=a%40b.c&password=x", { ...form, origin: "null" }, 403],
  ["text/plain", "email=a%40b.c&password=x", { "content-type": "text/plain", origin: SITE }, 415],
  ["multipart", "--x--", { "content-type": "multipart/form-data; boundary=x", origin: SITE }, 415],
  ["an oversized body", `email=a%40b.c&password=${"x".repeat(MAX_AUTH_BODY_BYTES)}`, form, 413],
  ["broken JSON", '{"email":', json, 400],
  ["a JSON array", '["a@b.c","x"]', json, 400],
  ["email as a JSON object", JSON.stringify({ email: { $ne: null }, password: "x", csrfToken: "t" }), json, 400],
  ["password as a JSON number", JSON.stringify({ email: "a@b.c", password: 1, csrfToken: "t" }), json, 400],
  ["an extra field (form)", "email=a%40b.c&password=x&csrfToken=t&role=admin", form, 400],
  ["an extra field (JSON)", JSON.stringify({ email: "a@b.c", password: "x", isAdmin: true }), json, 400],
  ["a field named like SQL", "email=a%40b.c&password=x&1%3D1--=1", form, 400],
];

/**
 * From the shared list: each sign-in field as each value that is not text, and each input that is
 * not an object of the expected fields. The wrapper refuses all of them before next-auth runs (text
 * fields go on to next-auth, whose handler needs a running server: e2e/auth-hostile.spec.ts).
 */
const SIGN_IN_FIELDS = { email: "a@b.c", password: PASSWORD, csrfToken: "t" };
const notText = HOSTILE_VALUES.filter((h) => typeof h.value !== "string");
for (const field of Object.keys(SIGN_IN_FIELDS)) {
  for (const h of notText) {
    nextAuthCases.push([`${field} as ${h.name}`, JSON.stringify({ ...SIGN_IN_FIELDS, [field]: h.value }), json, 400]);
  }
}

describe("the wrapper in front of next-auth's sign-in and sign-out posts", () => {
  test.each(nextAuthCases)("%s", async (_name, body, headers, status) => {
    const response = await nextAuthPost(post("/api/auth/callback/credentials", body, headers), {
      params: Promise.resolve({ nextauth: ["callback", "credentials"] }),
    });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { title: string }).title).toMatch(/^[A-Z].*[.!?]$/s);
  });

  test("at least 50 hostile sign-in posts", () => {
    expect(nextAuthCases.length).toBeGreaterThanOrEqual(50);
  });
});

test("at least 50 hostile inputs were tried", () => {
  expect(signInCases.length + activationCases.length + httpCases.length + nextAuthCases.length).toBeGreaterThanOrEqual(
    50,
  );
});

test("a failed query's parameters (hashes, personal data) never reach the server log", async () => {
  const lines: string[] = [];
  const original = console.error;
  console.error = (line: string) => lines.push(line);
  try {
    const { log } = await import("../server/log");
    const secret = "$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0$aGFzaA";
    const error = Object.assign(
      new Error(`Failed query: update users set password_hash = $1\nparams: ${secret},Elspeth Muir`),
      {},
    );
    log.error("activation failed", error, { userId: "u1" });
    const entry = JSON.parse(lines[0]) as Record<string, string>;
    expect(entry).toMatchObject({ level: "error", msg: "activation failed", userId: "u1" });
    expect(lines[0]).not.toContain(secret);
    expect(lines[0]).not.toContain("Elspeth");
    expect(entry.detail).toContain("params: [redacted]");
  } finally {
    console.error = original;
  }
});
