/**
 * SMART App Launch against the real OAuth server (oidc-provider, mounted by the same handler as
 * pages/api/oauth) on a loopback port, over HTTP, with its storage in the test file's database;
 * the user's approval is the approval page's own server code; the FHIR handlers are called as
 * Next.js calls them. Tokens: PKCE required, a code good once, expiry, audience, scopes, a revoked
 * app; reads under the user's consent, audited with the app's name.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

const app = await vi.hoisted(() => import("./support/signed-in-app"));
vi.mock("next-auth", () => app.nextAuth);
vi.mock("@/server/database", () => app.serverDatabase);
vi.mock("next/cache", () => app.nextCache);

import { NextRequest } from "next/server";
import { registerApp, revokeApp } from "../app/(admin)/admin/apps/actions";
import { revokeRule } from "../app/(patient)/me/sharing/actions";
import { GET as searchObservations } from "../app/fhir/R4/Observation/route";
import { GET as patientEverything } from "../app/fhir/R4/Patient/[id]/$everything/route";
import { GET as readPatient } from "../app/fhir/R4/Patient/[id]/route";
import { listAccessToPatient } from "../db/queries/access-log";
import { listSmartClients } from "../db/queries/smart";
import oauthHandler from "../pages/api/oauth/[...oidc]";
import { proxy } from "../proxy";
import { resolveSession } from "../server/auth/session";
import { answerAuthorization } from "../server/smart/interaction";
import { rowsOf } from "./support/database";
import { fhirSchemaErrors } from "./support/fhir-schema";
import { as, ORG, PATIENT, RECORDS, USER, type UserKey } from "./support/fixtures";
import { appDatabaseWithSessions, SESSION, signedInAs } from "./support/signed-in-app";

const db = appDatabaseWithSessions("smart", ["patientP1", "nurseA1", "adminA"]);
const PORT = 41020;
const SITE = `http://127.0.0.1:${PORT}`;
const FHIR = `${SITE}/fhir/R4`;
const CLIENT = "test-symptom-viewer";
const REDIRECT = "http://127.0.0.1:41021/callback";

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON, read by path in assertions
type Json = Record<string, any>;

let server: Server;

beforeAll(async () => {
  server = createServer((req, res) => void oauthHandler(req, res));
  // Longer than the slowest test, so fetch never reuses a connection the server is closing.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(PORT, "127.0.0.1", resolve));
  expect((server.address() as AddressInfo).port).toBe(PORT);
  await db.asOwner((o) =>
    o.execute(sql`insert into smart_clients (id, organisation_id, name, redirect_uris, created_by)
      values (${CLIENT}, ${ORG.A}, 'Symptom Viewer', ${`{${REDIRECT}}`}::text[], ${USER.adminA})`),
  );
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A cookie jar of one browser, enough for the OAuth server's own cookies. */
class Browser {
  private cookies = new Map<string, string>();
  async get(url: string): Promise<Response> {
    const response = await fetch(url, {
      redirect: "manual",
      headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }
}

const verifierOf = () => randomBytes(32).toString("base64url");
const challengeOf = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

type Authorize = { scope: string; user: UserKey; verifier?: string | null; approve?: boolean };

/** The authorization request, the user's answer on the approval page, and the redirect back to the app. */
async function authorize({ scope, user, verifier = verifierOf(), approve = true }: Authorize) {
  const browser = new Browser();
  const url = new URL(`${SITE}/api/oauth/auth`);
  url.search = new URLSearchParams({
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    response_type: "code",
    scope,
    state: "s1",
    aud: FHIR,
    ...(verifier && { code_challenge: challengeOf(verifier), code_challenge_method: "S256" }),
  }).toString();
  let response = await browser.get(url.toString());
  let location = new URL(response.headers.get("location") ?? "", SITE);
  if (location.pathname.startsWith("/smart/authorize/")) {
    const uid = location.pathname.split("/").pop() ?? "";
    const resolved = await resolveSession(db.runtime, SESSION[user].token, new Date());
    if (resolved.status !== "signed_in") throw new Error("no session");
    const { returnTo } = await answerAuthorization(SITE, uid, resolved.user, approve);
    response = await browser.get(returnTo);
    location = new URL(response.headers.get("location") ?? "", SITE);
  }
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
  return { code: location.searchParams.get("code"), error: location.searchParams.get("error"), verifier };
}

async function tokenRequest(form: Record<string, string>): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${SITE}/api/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: CLIENT, ...form }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

const exchange = (code: string, verifier: string | null) =>
  tokenRequest({
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT,
    ...(verifier && { code_verifier: verifier }),
  });

/** Signs in through the whole flow and answers the token response. */
async function tokensFor(user: UserKey, scope: string): Promise<Json> {
  const { code, verifier } = await authorize({ scope, user });
  const { status, body } = await exchange(code ?? "", verifier);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

/** A FHIR call with an app's access token; the answer must be FHIR that fhir.schema.json accepts. */
async function fhir(handler: (r: Request) => Promise<Response>, path: string, token: string, base = FHIR) {
  signedInAs(null);
  const response = await handler(new Request(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } }));
  const body = (await response.json()) as Json;
  expect(fhirSchemaErrors(body)).toEqual([]);
  for (const entry of body.entry ?? []) expect(fhirSchemaErrors(entry.resource)).toEqual([]);
  return { status: response.status, body };
}

describe("a patient's standalone launch", () => {
  test("the app gets the patient's context and reads their own record, named in the audit trail", async () => {
    const tokens = await tokensFor("patientP1", "openid fhirUser launch/patient patient/*.rs offline_access");
    expect(tokens.patient).toBe(PATIENT.P1);
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.scope.split(" ").sort()).toEqual(
      ["openid", "fhirUser", "launch/patient", "patient/*.rs", "offline_access"].sort(),
    );
    expect(typeof tokens.refresh_token).toBe("string");
    const claims = JSON.parse(Buffer.from(tokens.id_token.split(".")[1], "base64url").toString()) as Json;
    expect(claims.fhirUser).toBe(`${FHIR}/Patient/${PATIENT.P1}`);

    const patient = await fhir(readPatient, `/Patient/${PATIENT.P1}`, tokens.access_token);
    expect(patient.status).toBe(200);
    expect(patient.body.id).toBe(PATIENT.P1);
    const observations = await fhir(searchObservations, "/Observation", tokens.access_token);
    expect(observations.status).toBe(200);
    expect(observations.body.resourceType).toBe("Bundle");

    const [event] = await db.asOwner((o) =>
      rowsOf<{ actor_user_id: string; patient_id: string; details: Json }>(
        o,
        sql`select actor_user_id, patient_id, details from audit_events where action = 'fhir_search' order by id desc limit 1`,
      ),
    );
    expect(event).toMatchObject({ actor_user_id: USER.patientP1, patient_id: PATIENT.P1 });
    expect(event.details).toMatchObject({ app: "Symptom Viewer", client: CLIENT });

    // The patient's access log names the app, though it read for the patient themselves.
    const log = await as(db, USER.patientP1, (tx) =>
      listAccessToPatient(tx, { patientId: PATIENT.P1, ownUserId: USER.patientP1, limit: 50, offset: 0 }),
    );
    expect(log.find((e) => e.action === "fhir_read")).toMatchObject({ who: "You", app: "Symptom Viewer" });

    const refreshed = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect((await fhir(readPatient, `/Patient/${PATIENT.P1}`, refreshed.body.access_token)).status).toBe(200);
  });

  test("a scope that does not cover the resource is refused with 403", async () => {
    const tokens = await tokensFor("patientP1", "patient/Observation.rs");
    expect((await fhir(searchObservations, "/Observation", tokens.access_token)).status).toBe(200);
    const refused = await fhir(readPatient, `/Patient/${PATIENT.P1}`, tokens.access_token);
    expect(refused.status).toBe(403);
    expect(refused.body.issue[0].code).toBe("forbidden");
  });

  test("Patient/$everything gives an app only the resource types its scopes let it search", async () => {
    const types = async (scope: string) => {
      const tokens = await tokensFor("patientP1", scope);
      const { status, body } = await fhir(
        patientEverything,
        `/Patient/${PATIENT.P1}/$everything?_count=100`,
        tokens.access_token,
      );
      expect(status).toBe(200);
      return [...new Set((body.entry ?? []).map((e: Json) => e.resource.resourceType))];
    };
    expect(await types("patient/Patient.rs patient/Flag.rs")).toEqual(["Patient", "Flag"]);
    expect(await types("patient/*.rs")).toEqual(
      expect.arrayContaining(["Patient", "Consent", "CarePlan", "Flag", "QuestionnaireResponse", "Observation"]),
    );
  });

  test("a refused request gives the app no code", async () => {
    const { code, error } = await authorize({ scope: "patient/*.rs", user: "patientP1", approve: false });
    expect(code).toBeNull();
    expect(error).toBe("access_denied");
  });
});

describe("tokens", () => {
  test("an authorization request without PKCE is refused", async () => {
    const { code, error } = await authorize({ scope: "patient/*.rs", user: "patientP1", verifier: null });
    expect(code).toBeNull();
    expect(error).toBe("invalid_request");
  });

  test("a code is exchanged only with its PKCE verifier", async () => {
    const { code, verifier } = await authorize({ scope: "patient/*.rs", user: "patientP1" });
    expect((await exchange(code ?? "", null)).body.error).toBe("invalid_grant");
    expect((await exchange(code ?? "", verifierOf())).body.error).toBe("invalid_grant");
    expect(verifier).toBeTruthy();
  });

  test("a replayed code is refused and revokes what the first exchange issued", async () => {
    const { code, verifier } = await authorize({ scope: "patient/*.rs", user: "patientP1" });
    const first = await exchange(code ?? "", verifier);
    expect(first.status).toBe(200);
    expect((await fhir(readPatient, `/Patient/${PATIENT.P1}`, first.body.access_token)).status).toBe(200);
    const replay = await exchange(code ?? "", verifier);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_grant");
    expect((await fhir(readPatient, `/Patient/${PATIENT.P1}`, first.body.access_token)).status).toBe(401);
  });

  test("an expired token is refused", async () => {
    const { access_token } = await tokensFor("patientP1", "patient/*.rs");
    await db.asOwner((o) =>
      o.execute(sql`update oauth_records set expires_at = now() - interval '1 second' where kind = 'AccessToken'`),
    );
    const refused = await fhir(readPatient, `/Patient/${PATIENT.P1}`, access_token);
    expect(refused.status).toBe(401);
    expect(refused.body.issue[0].code).toBe("login");
  });

  test("a token meant for another server is refused", async () => {
    const { access_token } = await tokensFor("patientP1", "patient/*.rs");
    const elsewhere = "http://localhost:3100/fhir/R4";
    expect((await fhir(readPatient, `/Patient/${PATIENT.P1}`, access_token, elsewhere)).status).toBe(401);
    expect((await fhir(readPatient, `/Patient/${PATIENT.P1}`, "not-a-token")).status).toBe(401);
  });
});

describe("a clinician's standalone launch", () => {
  test("reads what the patient's consent allows, and is refused once the patient revokes it", async () => {
    const tokens = await tokensFor("nurseA1", "openid fhirUser launch/patient user/*.rs patient/*.rs");
    // A clinician grants user scopes only: a patient-context launch needs a patient picker.
    expect(tokens.scope.split(" ").sort()).toEqual(["fhirUser", "openid", "user/*.rs"]);
    expect(tokens.patient).toBeUndefined();
    expect((await fhir(searchObservations, `/Observation?patient=${PATIENT.P1}`, tokens.access_token)).status).toBe(
      200,
    );
    // nurseA1 may not read P2's symptoms (a deny rule), nor anything of P3's.
    expect((await fhir(searchObservations, `/Observation?patient=${PATIENT.P2}`, tokens.access_token)).status).toBe(
      404,
    );
    expect((await fhir(readPatient, `/Patient/${PATIENT.P3}`, tokens.access_token)).status).toBe(404);

    signedInAs("patientP1");
    const form = new FormData();
    form.set("ruleId", RECORDS.P1.allowRule);
    expect(await revokeRule(null, form)).toMatchObject({ ok: true });
    expect((await fhir(searchObservations, `/Observation?patient=${PATIENT.P1}`, tokens.access_token)).status).toBe(
      404,
    );
  });
});

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

describe("registering and revoking apps", () => {
  test("an admin registers an app; a clinician may not; bad redirect URIs change nothing", async () => {
    signedInAs("adminA");
    const registered = await registerApp(
      null,
      form({ name: "Clinic Dashboard", redirectUris: "https://dashboard.example/callback\nhttp://localhost:9000/cb" }),
    );
    expect(registered).toMatchObject({ ok: true, data: { name: "Clinic Dashboard" } });
    const before = await as(db, USER.adminA, (tx) => listSmartClients(tx, { organisationId: ORG.A }));
    expect(before.find((a) => a.name === "Clinic Dashboard")?.redirectUris).toEqual([
      "https://dashboard.example/callback",
      "http://localhost:9000/cb",
    ]);
    const bad = await registerApp(null, form({ name: "Sneaky", redirectUris: "http://evil.example/cb" }));
    expect(bad).toMatchObject({ ok: false, code: "invalid_input" });
    expect(bad.ok === false && bad.fields?.[0]?.field).toBe("redirectUris");
    signedInAs("nurseA1");
    expect(await registerApp(null, form({ name: "Mine", redirectUris: "https://x.example/cb" }))).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    const after = await as(db, USER.adminA, (tx) => listSmartClients(tx, { organisationId: ORG.A }));
    expect(after.map((a) => a.name).sort()).toEqual(["Clinic Dashboard", "Symptom Viewer"]);
  });

  test("revoking stops the app's tokens at once and refuses its refresh", async () => {
    const tokens = await tokensFor("patientP1", "patient/*.rs offline_access");
    expect((await fhir(readPatient, `/Patient/${PATIENT.P1}`, tokens.access_token)).status).toBe(200);
    const [used] = await db.asOwner((o) =>
      rowsOf<{ last_used_at: string | null }>(o, sql`select last_used_at from smart_clients where id = ${CLIENT}`),
    );
    expect(used.last_used_at).not.toBeNull();
    signedInAs("adminA");
    expect(await revokeApp(null, form({ clientId: CLIENT }))).toMatchObject({ ok: true });
    expect((await fhir(readPatient, `/Patient/${PATIENT.P1}`, tokens.access_token)).status).toBe(401);
    const refresh = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token });
    expect(refresh.body.error).toBe("invalid_client");
  });
});

describe("an app in a browser, on its own origin", () => {
  test("may read discovery and the FHIR API across origins without credentials, and POST to the token endpoint", async () => {
    const app = { origin: "http://127.0.0.1:41021", host: "localhost:3100" };
    const preflight = proxy(
      new NextRequest("http://localhost:3100/fhir/R4/Patient/x", { method: "OPTIONS", headers: app }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();
    const discovery = proxy(new NextRequest("http://localhost:3100/.well-known/smart-configuration", { headers: app }));
    expect(discovery.headers.get("access-control-allow-origin")).toBe("*");
    const token = proxy(new NextRequest("http://localhost:3100/api/oauth/token", { method: "POST", headers: app }));
    expect(token.status).toBe(200);
    // Nothing else of the site takes a cross-origin POST.
    const other = proxy(new NextRequest("http://localhost:3100/api/oauth/auth", { method: "POST", headers: app }));
    expect(other.status).toBe(403);
  });
});
