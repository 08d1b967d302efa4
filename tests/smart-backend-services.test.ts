/**
 * SMART Backend Services against the real OAuth server (oidc-provider, mounted by the same handler
 * as pages/api/oauth) on a loopback port, over HTTP, with its storage in the test file's database;
 * the FHIR handlers are called as Next.js calls them. A backend service registered by an admin
 * signs its client assertion with RS384 or ES384 and is given a five-minute token of its own; it
 * reads the patients of its care team as their consent allows that team, the database enforces
 * the reach, and a revoked service is refused at once.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, randomUUID, sign } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

const app = await vi.hoisted(() => import("./support/signed-in-app"));
vi.mock("next-auth", () => app.nextAuth);
vi.mock("@/server/database", () => app.serverDatabase);
vi.mock("next/cache", () => app.nextCache);

import { GET as discovery } from "../app/.well-known/smart-configuration/route";
import { registerBackendService, revokeApp } from "../app/(admin)/admin/apps/actions";
import { GET as systemExport } from "../app/fhir/R4/$export/route";
import { GET as exportFile } from "../app/fhir/R4/bulk-export/[id]/files/[file]/route";
import { DELETE as cancelExport, GET as exportStatus } from "../app/fhir/R4/bulk-export/[id]/route";
import { GET as groupExport } from "../app/fhir/R4/Group/[id]/$export/route";
import { GET as searchObservations } from "../app/fhir/R4/Observation/route";
import { GET as readPatient } from "../app/fhir/R4/Patient/[id]/route";
import { POST as createResponse } from "../app/fhir/R4/QuestionnaireResponse/route";
import { listAccessToPatient } from "../db/queries/access-log";
import { listSmartClients } from "../db/queries/smart";
import { runWithRls } from "../db/rls";
import oauthHandler from "../pages/api/oauth/[...oidc]";
import { sweepExpired } from "../server/notifications/worker";
import { runBulkExports } from "../server/smart/bulk-export";
import { rowsOf } from "./support/database";
import { fhirSchemaErrors } from "./support/fhir-schema";
import { as, ORG, PATIENT, TEAM, USER } from "./support/fixtures";
import { appDatabaseWithSessions, signedInAs } from "./support/signed-in-app";

const db = appDatabaseWithSessions("smartsys", ["patientP1", "adminA", "nurseA1"]);

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON, read by path in assertions
type Json = Record<string, any>;

/** For the tests with many requests: the first FHIR answer compiles the FHIR schema, seconds on a busy machine. */
const SLOW = 120_000;

type SigningKey = { kid: string; alg: "RS384" | "ES384"; key: KeyObject };

function rsaKey(kid: string): SigningKey {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid, alg: "RS384", key: privateKey };
}
function ecKey(kid: string): SigningKey {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-384" });
  return { kid, alg: "ES384", key: privateKey };
}
/** The public JWK of a key, as the service gives it to the admin. */
const publicJwk = (k: SigningKey) => ({ ...createPublicKey(k.key).export({ format: "jwk" }), kid: k.kid, alg: k.alg });

const RSA = rsaKey("rsa-1");
const EC = ecKey("ec-1");
/** A key nobody registered, under a registered kid. */
const STRANGER = rsaKey("rsa-1");
const OTHER = ecKey("other-1");
const THIRD = rsaKey("third-1");

let server: Server;
let SITE = "";
let FHIR = "";
let TOKEN_URL = "";
let client = "";
let otherClient = "";

beforeAll(async () => {
  server = createServer((req, res) => void oauthHandler(req, res));
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  SITE = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  FHIR = `${SITE}/fhir/R4`;
  TOKEN_URL = `${SITE}/api/oauth/token`;
  signedInAs("adminA");
  const registered = await registerBackendService(
    null,
    form({
      name: "Hospital EHR",
      jwks: JSON.stringify({ keys: [publicJwk(RSA), publicJwk(EC)] }),
      careTeamIds: TEAM.A1,
    }),
  );
  expect(registered).toMatchObject({ ok: true, data: { name: "Hospital EHR" } });
  client = registered.ok ? registered.data.clientId : "";
  const other = await registerBackendService(
    null,
    form({ name: "Research Registry", jwks: JSON.stringify({ keys: [publicJwk(OTHER)] }), careTeamIds: TEAM.A2 }),
  );
  otherClient = other.ok ? other.data.clientId : "";
  expect(otherClient).not.toBe("");
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function form(fields: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) data.append(k, value);
  return data;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A client assertion (RFC 7523) as SMART Backend Services has it: iss = sub = client_id, aud = token endpoint. */
function assertion(clientId: string, k: SigningKey, claims: Record<string, unknown> = {}, alg: string = k.alg): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64({ alg, kid: k.kid, typ: "JWT" });
  const payload = b64({ iss: clientId, sub: clientId, aud: TOKEN_URL, exp: now + 240, jti: randomUUID(), ...claims });
  const input = Buffer.from(`${header}.${payload}`);
  const signature =
    k.alg === "ES384"
      ? sign("sha384", input, { key: k.key, dsaEncoding: "ieee-p1363" })
      : sign(alg === "RS256" ? "sha256" : "sha384", input, k.key);
  return `${header}.${payload}.${signature.toString("base64url")}`;
}

async function tokenRequest(clientAssertion: string, scope = "system/*.rs"): Promise<{ status: number; body: Json }> {
  const response = await fetch(TOKEN_URL, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      scope,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: clientAssertion,
    }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function tokenOf(clientId = client, k: SigningKey = RSA, scope = "system/*.rs"): Promise<string> {
  const { status, body } = await tokenRequest(assertion(clientId, k), scope);
  expect(status, JSON.stringify(body)).toBe(200);
  return body.access_token as string;
}

/** A FHIR call with the service's token; every answer must be FHIR that fhir.schema.json accepts. */
async function fhir(handler: (r: Request) => Promise<Response>, path: string, token: string, init: RequestInit = {}) {
  signedInAs(null);
  const response = await handler(
    new Request(`${FHIR}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } }),
  );
  const body = (await response.json()) as Json;
  expect(fhirSchemaErrors(body)).toEqual([]);
  for (const entry of body.entry ?? []) expect(fhirSchemaErrors(entry.resource)).toEqual([]);
  return { status: response.status, body };
}

describe("discovery", () => {
  test("advertises asymmetric client authentication, its algorithms and the system scopes", async () => {
    const response = await discovery(new Request(`${SITE}/.well-known/smart-configuration`));
    const body = (await response.json()) as Json;
    expect(body.capabilities).toContain("client-confidential-asymmetric");
    expect(body.token_endpoint_auth_methods_supported).toContain("private_key_jwt");
    expect(body.token_endpoint_auth_signing_alg_values_supported).toEqual(["RS384", "ES384"]);
    expect(body.grant_types_supported).toContain("client_credentials");
    expect(body.scopes_supported).toEqual(expect.arrayContaining(["system/*.rs", "system/Observation.rs"]));
  });
});

describe("the token endpoint", () => {
  test("gives a registered service a five-minute token for a valid RS384 or ES384 assertion, and no refresh token", async () => {
    for (const k of [RSA, EC]) {
      const { status, body } = await tokenRequest(assertion(client, k), "system/Observation.rs system/Patient.rs");
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({ token_type: "Bearer", expires_in: 300 });
      expect(body.scope.split(" ").sort()).toEqual(["system/Observation.rs", "system/Patient.rs"]);
      expect(body.refresh_token).toBeUndefined();
    }
  });

  test("refuses a wrong key, an unregistered client, a replayed, expired or long-lived assertion, and another algorithm", async () => {
    const refused = async (clientAssertion: string) => {
      const { status, body } = await tokenRequest(clientAssertion);
      expect(status).toBe(401);
      expect(body.error).toBe("invalid_client");
      expect(body.access_token).toBeUndefined();
    };
    await refused(assertion(client, STRANGER));
    await refused(assertion("backend-not-registered", RSA));
    const once = assertion(client, RSA);
    expect((await tokenRequest(once)).status).toBe(200);
    await refused(once);
    await refused(assertion(client, RSA, { exp: Math.floor(Date.now() / 1000) - 60 }));
    await refused(assertion(client, RSA, { exp: Math.floor(Date.now() / 1000) + 3600 }));
    await refused(assertion(client, RSA, {}, "RS256"));
    // Another service's key is not this service's.
    await refused(assertion(client, OTHER));
  });

  test("gives a service no scope it was not offered: user and patient scopes are dropped", async () => {
    const { status, body } = await tokenRequest(assertion(client, RSA), "user/*.rs patient/*.rs system/Flag.rs");
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.scope).toBe("system/Flag.rs");
  });
});

describe("reading as a backend service", () => {
  test(
    "reads its care team's patients, not another team's or organisation's, audited under its own name",
    async () => {
      const token = await tokenOf();
      const observations = await fhir(searchObservations, `/Observation?patient=${PATIENT.P1}`, token);
      expect(observations.status).toBe(200);
      expect(observations.body.total).toBeGreaterThan(0);
      expect((await fhir(readPatient, `/Patient/${PATIENT.P2}`, token)).status).toBe(200);
      // P3 is team A2's patient, P4 another organisation's: as if they did not exist.
      expect((await fhir(searchObservations, `/Observation?patient=${PATIENT.P3}`, token)).status).toBe(404);
      expect((await fhir(readPatient, `/Patient/${PATIENT.P3}`, token)).status).toBe(404);
      expect((await fhir(readPatient, `/Patient/${PATIENT.P4}`, token)).status).toBe(404);
      // A search must name its patient: a service has no record of its own.
      expect((await fhir(searchObservations, "/Observation", token)).status).toBe(400);

      const [event] = await db.asOwner((o) =>
        rowsOf<{ actor_role: string; patient_id: string; details: Json; organisation_id: string }>(
          o,
          sql`select actor_role, patient_id, details, organisation_id from audit_events
            where action = 'fhir_search' and patient_id = ${PATIENT.P1} order by id desc limit 1`,
        ),
      );
      expect(event).toMatchObject({ actor_role: "system", organisation_id: ORG.A });
      expect(event.details).toMatchObject({ app: "Hospital EHR", client });
      const log = await as(db, USER.patientP1, (tx) =>
        listAccessToPatient(tx, { patientId: PATIENT.P1, ownUserId: USER.patientP1, limit: 20, offset: 0 }),
      );
      expect(log.find((e) => e.app === "Hospital EHR")).toMatchObject({ who: "Hospital EHR", outcome: "allowed" });
    },
    SLOW,
  );

  test("the database alone holds it to its reach: its identity reads the granted team's patients and writes nothing", async () => {
    const token = await tokenOf();
    const seen = await runWithRls(db.runtime, { smartToken: token }, (tx) =>
      rowsOf<{ id: string }>(tx, sql`select id from patients order by id`),
    );
    expect(seen.map((r) => r.id).sort()).toEqual([PATIENT.P1, PATIENT.P2].sort());
    const answers = await runWithRls(db.runtime, { smartToken: token }, (tx) =>
      rowsOf<{ patient_id: string }>(tx, sql`select distinct patient_id from symptom_answers`),
    );
    expect(answers.map((r) => r.patient_id).sort()).toEqual([PATIENT.P1, PATIENT.P2].sort());
    const changed = await runWithRls(db.runtime, { smartToken: token }, (tx) =>
      rowsOf<{ id: string }>(tx, sql`update patients set given_name = 'Changed' returning id`),
    );
    expect(changed).toEqual([]);
    // A token that is not a backend service's establishes nobody.
    const nobody = await runWithRls(db.runtime, { smartToken: "not-a-token" }, (tx) =>
      rowsOf<{ id: string }>(tx, sql`select id from patients`),
    );
    expect(nobody).toEqual([]);
  });

  test("a patient's deny rule for the team withholds that category at once, and its revocation gives it back", async () => {
    const token = await tokenOf();
    const [rule] = await as(db, USER.patientP1, (tx) =>
      rowsOf<{ id: string }>(
        tx,
        sql`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories, created_by)
            values (${PATIENT.P1}, ${TEAM.A1}, 'deny', array['symptoms'], ${USER.patientP1}) returning id`,
      ),
    );
    expect((await fhir(searchObservations, `/Observation?patient=${PATIENT.P1}`, token)).status).toBe(404);
    expect((await fhir(readPatient, `/Patient/${PATIENT.P1}`, token)).status).toBe(200);
    const symptoms = await runWithRls(db.runtime, { smartToken: token }, (tx) =>
      rowsOf<{ patient_id: string }>(tx, sql`select distinct patient_id from symptom_answers`),
    );
    expect(symptoms.map((r) => r.patient_id)).toEqual([PATIENT.P2]);
    await as(db, USER.patientP1, (tx) =>
      tx.execute(sql`update consent_rules set revoked_at = now() where id = ${rule.id}`),
    );
    expect((await fhir(searchObservations, `/Observation?patient=${PATIENT.P1}`, token)).status).toBe(200);
  });

  test("may not write: a report sent with its token is refused and nothing is stored", async () => {
    const token = await tokenOf();
    const count = () =>
      db.asOwner((o) => rowsOf<{ n: number }>(o, sql`select count(*)::int as n from symptom_reports`));
    const before = await count();
    const response = await fhir(createResponse, "/QuestionnaireResponse", token, {
      method: "POST",
      headers: { "content-type": "application/fhir+json", "idempotency-key": "backend-write-attempt-0001" },
      body: JSON.stringify({ resourceType: "QuestionnaireResponse", status: "completed" }),
    });
    // Reports come from a patient or their device; any other token is not one.
    expect(response.status).toBe(401);
    expect(await count()).toEqual(before);
  });

  test("a token without the resource type's scope is refused (403)", async () => {
    const token = await tokenOf(client, RSA, "system/Patient.rs");
    expect((await fhir(readPatient, `/Patient/${PATIENT.P1}`, token)).status).toBe(200);
    expect((await fhir(searchObservations, `/Observation?patient=${PATIENT.P1}`, token)).status).toBe(403);
  });
});

/** A call by full URL (the status and file URLs the server gave), answering status, headers and text. */
async function call(handler: (r: Request) => Promise<Response>, url: string, token: string, init: RequestInit = {}) {
  signedInAs(null);
  const response = await handler(
    new Request(url.startsWith("http") ? url : `${FHIR}${url}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...init.headers },
    }),
  );
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const ASYNC = { headers: { prefer: "respond-async", accept: "application/fhir+json" } };

describe("bulk export ($export)", () => {
  test(
    "runs in the worker with progress to a manifest of NDJSON files, every line valid FHIR, each patient audited",
    async () => {
      const token = await tokenOf();
      const noPrefer = await call(systemExport, "/$export", token);
      expect(noPrefer.status).toBe(400);
      expect((await call(systemExport, "/$export?_type=Basic", token, ASYNC)).status).toBe(400);

      const kickOff = await call(systemExport, "/$export?_type=Patient,Observation", token, ASYNC);
      expect(kickOff.status).toBe(202);
      expect(fhirSchemaErrors(JSON.parse(kickOff.text))).toEqual([]);
      const statusUrl = kickOff.headers.get("content-location") ?? "";
      expect(statusUrl).toMatch(new RegExp(`^${FHIR}/bulk-export/[0-9a-f-]{36}$`));
      const waiting = await call(exportStatus, statusUrl, token);
      expect(waiting.status).toBe(202);
      expect(waiting.headers.get("x-progress")).toBe("0%");

      // One patient a batch, and no time for a second: half way.
      await runBulkExports(db.runtime, { now: new Date(), batchSize: 1, budgetMs: 0 });
      const halfway = await call(exportStatus, statusUrl, token);
      expect(halfway.status).toBe(202);
      expect(halfway.headers.get("x-progress")).toBe("50%");
      await runBulkExports(db.runtime, { now: new Date(), batchSize: 1 });

      const done = await call(exportStatus, statusUrl, token);
      expect(done.status).toBe(200);
      const manifest = JSON.parse(done.text) as Json;
      expect(manifest).toMatchObject({
        request: `${FHIR}/$export?_type=Patient,Observation`,
        requiresAccessToken: true,
        error: [],
      });
      expect(new Date(manifest.transactionTime).getTime()).not.toBeNaN();
      expect(new Set(manifest.output.map((o: Json) => o.type))).toEqual(new Set(["Patient", "Observation"]));
      const patients = new Set<string>();
      let lines = 0;
      for (const output of manifest.output as Json[]) {
        const file = await call(exportFile, output.url, token);
        expect(file.status).toBe(200);
        expect(file.headers.get("content-type")).toBe("application/fhir+ndjson");
        const resources = file.text
          .trimEnd()
          .split("\n")
          .map((line) => JSON.parse(line) as Json);
        expect(resources).toHaveLength(output.count);
        for (const resource of resources) {
          expect(fhirSchemaErrors(resource)).toEqual([]);
          expect(resource.resourceType).toBe(output.type);
          patients.add(resource.resourceType === "Patient" ? resource.id : resource.subject.reference.split("/")[1]);
          lines += 1;
        }
      }
      expect(lines).toBeGreaterThan(2);
      // Team A1's patients, and no one else.
      expect([...patients].sort()).toEqual([PATIENT.P1, PATIENT.P2].sort());
      const audited = await db.asOwner((o) =>
        rowsOf<{ patient_id: string; actor_role: string; details: Json }>(
          o,
          sql`select patient_id, actor_role, details from audit_events where action = 'fhir_exported' order by patient_id`,
        ),
      );
      expect(audited.map((e) => e.patient_id)).toEqual([PATIENT.P1, PATIENT.P2].sort());
      expect(audited[0]).toMatchObject({ actor_role: "system", details: { app: "Hospital EHR", client } });

      // Another service, of the same care team, reads neither the status nor the files, nor cancels.
      signedInAs("adminA");
      const third = await registerBackendService(
        null,
        form({ name: "Audit Registry", jwks: JSON.stringify({ keys: [publicJwk(THIRD)] }), careTeamIds: TEAM.A1 }),
      );
      const thirdToken = await tokenOf(third.ok ? third.data.clientId : "", THIRD);
      expect((await call(exportStatus, statusUrl, thirdToken)).status).toBe(404);
      expect((await call(exportFile, manifest.output[0].url, thirdToken)).status).toBe(404);
      expect((await call(cancelExport, statusUrl, thirdToken, { method: "DELETE" })).status).toBe(404);
      const stranger = await runWithRls(db.runtime, { smartToken: thirdToken }, (tx) =>
        rowsOf<{ n: number }>(
          tx,
          sql`select (select count(*) from bulk_exports)::int + (select count(*) from bulk_export_files)::int as n`,
        ),
      );
      expect(stranger[0].n).toBe(0);

      // The service deletes its export: status and files are gone.
      expect((await call(cancelExport, statusUrl, token, { method: "DELETE" })).status).toBe(202);
      expect((await call(exportStatus, statusUrl, token)).status).toBe(404);
      expect((await call(exportFile, manifest.output[0].url, token)).status).toBe(404);
    },
    SLOW,
  );

  test("a group export covers what the service reads through that care team; another team is not found", async () => {
    const token = await tokenOf();
    expect((await call(groupExport, `/Group/${TEAM.A2}/$export`, token, ASYNC)).status).toBe(404);
    const kickOff = await call(groupExport, `/Group/${TEAM.A1}/$export?_type=Patient`, token, ASYNC);
    expect(kickOff.status).toBe(202);
    const statusUrl = kickOff.headers.get("content-location") ?? "";
    // A patient who denies the team demographics meanwhile is left out of the Patient file.
    await as(db, USER.patientP1, (tx) =>
      tx.execute(sql`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories, created_by)
        values (${PATIENT.P1}, ${TEAM.A1}, 'deny', array['demographics'], ${USER.patientP1})`),
    );
    await runBulkExports(db.runtime, { now: new Date() });
    const manifest = JSON.parse((await call(exportStatus, statusUrl, token)).text) as Json;
    expect(manifest.output).toHaveLength(1);
    const file = await call(exportFile, manifest.output[0].url, token);
    const ids = file.text
      .trimEnd()
      .split("\n")
      .map((line) => (JSON.parse(line) as Json).id);
    expect(ids).toEqual([PATIENT.P2]);
  });
});

describe("registering and revoking backend services", () => {
  test("an admin registers one with public keys and care teams of the organisation; bad input changes nothing", async () => {
    signedInAs("adminA");
    const listed = await as(db, USER.adminA, (tx) => listSmartClients(tx, { organisationId: ORG.A }));
    expect(listed.find((c) => c.id === client)).toMatchObject({ kind: "backend", careTeams: ["Team A1"] });
    const privateJwk = { ...RSA.key.export({ format: "jwk" }), kid: "x" };
    const attempts = [
      { jwks: JSON.stringify({ keys: [privateJwk] }), careTeamIds: TEAM.A1, field: "jwks" },
      { jwks: "not json", careTeamIds: TEAM.A1, field: "jwks" },
      { jwks: JSON.stringify({ keys: [publicJwk(RSA)] }), careTeamIds: [], field: "careTeamIds" },
    ];
    for (const { field, ...fields } of attempts) {
      const result = await registerBackendService(null, form({ name: "Bad", ...fields }));
      expect(result).toMatchObject({ ok: false, code: "invalid_input" });
      expect(result.ok === false && result.fields?.[0]?.field).toBe(field);
    }
    // Another organisation's team: the database refuses it.
    const foreign = await registerBackendService(
      null,
      form({ name: "Bad", jwks: JSON.stringify({ keys: [publicJwk(RSA)] }), careTeamIds: TEAM.B1 }),
    );
    expect(foreign).toMatchObject({ ok: false, code: "invalid_input" });
    signedInAs("nurseA1");
    expect(
      await registerBackendService(
        null,
        form({ name: "Mine", jwks: JSON.stringify({ keys: [publicJwk(RSA)] }), careTeamIds: TEAM.A1 }),
      ),
    ).toMatchObject({ ok: false, code: "forbidden" });
    const after = await as(db, USER.adminA, (tx) => listSmartClients(tx, { organisationId: ORG.A }));
    expect(after.map((c) => c.name).sort()).toEqual(["Audit Registry", "Hospital EHR", "Research Registry"]);
  });

  test("revoking stops its existing token at once, in the database as well, and it gets no new one", async () => {
    const token = await tokenOf(otherClient, OTHER);
    expect((await fhir(readPatient, `/Patient/${PATIENT.P3}`, token)).status).toBe(200);
    const [used] = await db.asOwner((o) =>
      rowsOf<{ last_used_at: string | null }>(o, sql`select last_used_at from smart_clients where id = ${otherClient}`),
    );
    expect(used.last_used_at).not.toBeNull();
    signedInAs("adminA");
    expect(await revokeApp(null, form({ clientId: otherClient }))).toMatchObject({ ok: true });
    const refused = await fhir(readPatient, `/Patient/${PATIENT.P3}`, token);
    expect(refused.status).toBe(401);
    const established = await runWithRls(db.runtime, { smartToken: token }, async (_tx, id) => id);
    expect(established).toBeNull();
    const again = await tokenRequest(assertion(otherClient, OTHER));
    expect(again.body.error).toBe("invalid_client");
  });
});

describe("the worker's sweep", () => {
  test("removes OAuth records that expired more than a day ago, and keeps the rest", async () => {
    await db.asOwner((o) =>
      o.execute(sql`insert into oauth_records (kind, id_hash, payload, expires_at) values
        ('AccessToken', 'sweep-old', '{}'::jsonb, now() - interval '2 days'),
        ('AccessToken', 'sweep-recent', '{}'::jsonb, now() - interval '1 hour')`),
    );
    expect((await sweepExpired(db.runtime)).oauthRecords).toBeGreaterThanOrEqual(1);
    const left = await db.asOwner((o) =>
      rowsOf<{ id_hash: string }>(o, sql`select id_hash from oauth_records where id_hash like 'sweep-%'`),
    );
    expect(left.map((r) => r.id_hash)).toEqual(["sweep-recent"]);
  });
});
