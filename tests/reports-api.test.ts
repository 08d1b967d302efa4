/**
 * POST /api/v1/reports, called through its exported handler exactly as Next.js calls it, against the
 * app's own database connection (the runtime role under row-level security): on PostgreSQL a test
 * database reached through DATABASE_URL, on PGlite a fresh embedded database the app creates itself.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "../db/client";
import { RUNTIME_LOGIN_ROLE } from "../db/client";
import { createDeviceToken, revokeDeviceToken } from "../db/queries/device-tokens";
import { queryRows } from "../db/sql";
import { demoPatientId, demoPatientUserId, seedDemoData } from "../server/demo/seed";
import { createTestDatabase, TEST_ENGINE, type TestDatabase } from "./support/database";

const ENDPOINT = "http://localhost/api/v1/reports";
const PATIENT = demoPatientId(0);
let testDb: TestDatabase | null = null;
let pgliteDir: string | null = null;
let POST: (request: Request) => Promise<Response>;
let asOwner: <T>(work: (db: Database) => Promise<T>) => Promise<T>;
let withRls: typeof import("../server/rls").withRls;
let token: string;
let keyCounter = 0;

beforeAll(async () => {
  if (TEST_ENGINE === "postgres") {
    const created = await createTestDatabase("reports_api");
    testDb = created;
    await created.asOwner((owner) => seedDemoData(owner));
    process.env.DATABASE_URL = created.runtimeUrl ?? "";
    asOwner = created.asOwner;
  } else {
    // The app opens, migrates and seeds (as the owner) an embedded database of its own here.
    delete process.env.DATABASE_URL;
    pgliteDir = mkdtempSync(path.join(tmpdir(), "serums-reports-api-"));
    process.env.PGLITE_DIR = pgliteDir;
    const { getDatabase } = await import("../server/database");
    const appDb = await getDatabase();
    // PGlite has one session: become the owner for the duration of `work`, between requests only.
    asOwner = async (work) => {
      await appDb.execute(sql`reset role`);
      try {
        return await work(appDb);
      } finally {
        await appDb.execute(sql.raw(`set role ${RUNTIME_LOGIN_ROLE}`));
      }
    };
  }
  ({ withRls } = await import("../server/rls"));
  ({ POST } = await import("../app/api/v1/reports/route"));
  const created = await withRls({ userId: demoPatientUserId(0), actingRole: "patient" }, (tx) =>
    createDeviceToken(tx, { patientId: PATIENT, name: "Test phone", now: new Date() }),
  );
  token = created.token;
});

afterAll(async () => {
  await testDb?.close();
  if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
});

const ownerRows = <T extends Record<string, unknown>>(query: SQL) => asOwner((db) => queryRows<T>(db, query));

async function storedCounts() {
  const [row] = await ownerRows<{ reports: number; answers: number; alerts: number; alertReports: number }>(
    sql`select (select count(*)::int from symptom_reports) as reports,
               (select count(*)::int from symptom_answers) as answers,
               (select count(*)::int from alerts) as alerts,
               (select count(*)::int from alert_reports) as "alertReports"`,
  );
  return row;
}

/**
 * Alerts an amber or red report of the patient adds: one when the patient has no active alert, none
 * when it joins the active one (a patient has one at a time, lib/alerts/episodes.ts).
 */
async function newAlertsFor(patientId: string): Promise<number> {
  const [row] = await ownerRows<{ n: number }>(
    sql`select count(*)::int as n from alerts where patient_id = ${patientId} and status <> 'resolved'`,
  );
  return row.n === 0 ? 1 : 0;
}

const freshKey = () => `test-key-${Date.now()}-${++keyCounter}`;

type RequestOptions = { key?: string | null; contentType?: string | null; authorization?: string | null };

function request(body: string | unknown, options: RequestOptions = {}): Request {
  const headers = new Headers();
  const authorization = options.authorization === undefined ? `Bearer ${token}` : options.authorization;
  if (authorization !== null) headers.set("authorization", authorization);
  const contentType = options.contentType === undefined ? "application/json" : options.contentType;
  if (contentType !== null) headers.set("content-type", contentType);
  const key = options.key === undefined ? freshKey() : options.key;
  if (key !== null) headers.set("idempotency-key", key);
  return new Request(ENDPOINT, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

type Problem = { type: string; title: string; status: number; errors?: { field: string; message: string }[] };

async function problemOf(response: Response): Promise<Problem> {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const problem = (await response.json()) as Problem;
  expect(problem.status).toBe(response.status);
  expect(problem.title.length).toBeGreaterThan(0);
  return problem;
}

describe("POST /api/v1/reports", () => {
  test("a valid report is stored once: 201 with the level, reasons and the patient's advice", async () => {
    const before = await storedCounts();
    const newAlerts = await newAlertsFor(PATIENT);
    const key = freshKey();
    const body = {
      answers: { nausea: { frequency: 3, severity: 2 }, fatigue: { severity: 1, interference: 0 } },
      canWait: false,
    };
    const response = await POST(request(body, { key }));
    expect(response.status).toBe(201);
    expect(response.headers.get("cache-control")).toMatch(/^no-store\b/);
    const result = await response.json();
    expect(result).toMatchObject({
      reportId: expect.any(String),
      level: "amber",
      // Only the grade, unless demo history for this patient was seeded too (then perhaps a rise).
      reasons: expect.arrayContaining(["Nausea grade 2"]),
      emergency: false,
      responseMinutes: 480,
      grades: [
        { symptom: "nausea", grade: 2 },
        { symptom: "fatigue", grade: 1 },
      ],
      advice: {
        level: "amber",
        headline: "Your care team will contact you",
        body: ["A member of your care team will contact you within 8 hours.", expect.stringContaining("0131 537 1000")],
      },
    });
    expect(await storedCounts()).toEqual({
      reports: before.reports + 1,
      answers: before.answers + 4,
      alerts: before.alerts + newAlerts,
      alertReports: before.alertReports + 1,
    });
    const [stored] = await ownerRows(
      sql`select source, submitted_by, idempotency_key from symptom_reports where id = ${result.reportId}`,
    );
    expect(stored).toEqual({ source: "device", submitted_by: demoPatientUserId(0), idempotency_key: key });
    const audit = await ownerRows(
      sql`select action, actor_user_id, actor_role, patient_id, outcome from audit_events where resource_id = ${result.reportId}`,
    );
    expect(audit).toEqual([
      {
        action: "symptom_report_submitted",
        actor_user_id: demoPatientUserId(0),
        actor_role: "patient",
        patient_id: PATIENT,
        outcome: "allowed",
      },
    ]);

    // The device's retry gets the same JSON with 200, and nothing more is stored.
    const retry = await POST(request(body, { key }));
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.json()).toEqual(result);
    expect(await storedCounts()).toEqual({
      reports: before.reports + 1,
      answers: before.answers + 4,
      alerts: before.alerts + newAlerts,
      alertReports: before.alertReports + 1,
    });

    // The same key with a different report is refused rather than answered with the old advice.
    const reuse = await POST(request({ answers: { nausea: { frequency: 4, severity: 4 } } }, { key }));
    expect(reuse.status).toBe(409);
    expect((await problemOf(reuse)).errors?.[0].field).toBe("Idempotency-Key");
    expect(await storedCounts()).toEqual({
      reports: before.reports + 1,
      answers: before.answers + 4,
      alerts: before.alerts + newAlerts,
      alertReports: before.alertReports + 1,
    });
  });

  test("an emergency gets 'call 999' advice", async () => {
    const response = await POST(request({ answers: {}, redFlags: ["breathless_at_rest"], temperatureC: 37.9 }));
    expect(response.status).toBe(201);
    const result = await response.json();
    expect(result).toMatchObject({
      level: "red",
      emergency: true,
      responseMinutes: 30,
      reasons: ["Short of breath while resting (emergency red flag)", "Temperature 37.9 C"],
      advice: { level: "red", headline: "Call 999 now for an ambulance" },
    });
  });

  test("10 concurrent retries of one report with one key store exactly one report, in one alert", async () => {
    const key = freshKey();
    const body = {
      answers: { vomiting: { frequency: 3, severity: 3 } },
      temperatureC: 38.4,
      note: "Retried from a weak signal",
    };
    const before = await storedCounts();
    const newAlerts = await newAlertsFor(PATIENT);
    const responses = await Promise.all(Array.from({ length: 10 }, () => POST(request(body, { key }))));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0].level).toBe("red");

    const [stored] = await ownerRows<{ reports: number; alerts: number; answers: number }>(
      sql`select count(distinct r.id)::int as reports, count(distinct a.alert_id)::int as alerts,
                 (select count(*)::int from symptom_answers x join symptom_reports y on y.id = x.report_id
                  where y.patient_id = ${PATIENT} and y.idempotency_key = ${key}) as answers
          from symptom_reports r left join alert_reports a on a.report_id = r.id
          where r.patient_id = ${PATIENT} and r.idempotency_key = ${key}`,
    );
    expect(stored).toEqual({ reports: 1, alerts: 1, answers: 2 });
    expect(await storedCounts()).toEqual({
      reports: before.reports + 1,
      answers: before.answers + 2,
      alerts: before.alerts + newAlerts,
      alertReports: before.alertReports + 1,
    });
  });

  test("script and SQL fragments in a valid note are stored as text, exactly", async () => {
    const note = `<script>alert("x")</script> '); DROP TABLE symptom_reports; -- \u00e9t\u00e9 \u{1F912}\n"quoted" \\ back`;
    const response = await POST(request({ answers: { cough: { severity: 1, interference: 1 } }, note }));
    expect(response.status).toBe(201);
    const { reportId } = await response.json();
    const [stored] = await ownerRows<{ note: string }>(sql`select note from symptom_reports where id = ${reportId}`);
    expect(stored.note).toBe(note);
  });
});

describe("malformed and hostile requests get a 4xx naming the problem, and store nothing", () => {
  const ok = { answers: { nausea: { frequency: 1, severity: 1 } } };
  const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
  const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
  const manyKeys = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`symptom_${i}`, { severity: 1 }]));

  type Case = {
    name: string;
    body: string | unknown;
    options?: RequestOptions;
    field?: string | RegExp;
    title?: RegExp;
  };
  const cases: Case[] = [
    // Not JSON, or not sent as JSON.
    { name: "not JSON at all", body: "hello", title: /not valid JSON/ },
    { name: "truncated JSON", body: '{"answers": {"nausea": {"frequency": 1', title: /not valid JSON/ },
    { name: "empty body", body: "", title: /not valid JSON/ },
    { name: "JSON with a trailing comma", body: '{"answers": {},}', title: /not valid JSON/ },
    { name: "NaN literal", body: '{"answers": {}, "temperatureC": NaN}', title: /not valid JSON/ },
    {
      name: "text/plain content type",
      body: JSON.stringify(ok),
      options: { contentType: "text/plain" },
      title: /Content-Type: application\/json/,
    },
    { name: "no content type", body: JSON.stringify(ok), options: { contentType: null }, title: /Content-Type/ },
    {
      name: "form-encoded body",
      body: "answers=nausea",
      options: { contentType: "application/x-www-form-urlencoded" },
      title: /Content-Type/,
    },
    {
      name: "multipart content type",
      body: JSON.stringify(ok),
      options: { contentType: "multipart/form-data; boundary=x" },
      title: /Content-Type/,
    },
    // Too big: over 64 KiB is refused before it is parsed.
    { name: "note of 70,000 characters (over 64 KiB)", body: { ...ok, note: "a".repeat(70_000) }, title: /too large/ },
    { name: "65 KiB of whitespace", body: `${" ".repeat(65 * 1024)}{}`, title: /too large/ },
    { name: "100,000 red flags", body: { ...ok, redFlags: Array(100_000).fill("chest_pain") }, title: /too large/ },
    // Not an object, or missing what is required.
    { name: "null", body: "null", field: "report" },
    { name: "an array", body: "[]", field: "report" },
    { name: "a string", body: '"report"', field: "report" },
    { name: "a number", body: "42", field: "report" },
    { name: "no answers", body: {}, field: "answers" },
    { name: "answers is a list", body: { answers: [] }, field: "answers" },
    { name: "answers is a string", body: { answers: "nausea" }, field: "answers" },
    { name: "answers is null", body: { answers: null }, field: "answers" },
    // Fields that do not exist.
    { name: "unknown top-level field", body: { ...ok, patientId: demoPatientId(1) }, field: "patientId" },
    { name: "__proto__ at the top level", body: '{"answers": {}, "__proto__": {"admin": true}}', field: "__proto__" },
    { name: "constructor at the top level", body: { ...ok, constructor: { prototype: {} } }, field: "constructor" },
    { name: "unknown symptom", body: { answers: { fever: { severity: 2 } } }, field: "answers.fever" },
    { name: "__proto__ as a symptom", body: '{"answers": {"__proto__": {"severity": 1}}}', field: "answers.__proto__" },
    { name: "empty symptom name", body: { answers: { "": { severity: 1 } } }, field: "answers." },
    {
      name: "a question the item does not ask",
      body: { answers: { nausea: { frequency: 1, severity: 1, interference: 2 } } },
      field: "answers.nausea.interference",
    },
    { name: "2,000 unknown symptoms", body: { answers: manyKeys }, field: /^answers\.symptom_\d+$/ },
    // Wrong types and out-of-range answers.
    { name: "item answers as a number", body: { answers: { nausea: 3 } }, field: "answers.nausea" },
    {
      name: "answer 5",
      body: { answers: { nausea: { frequency: 5, severity: 1 } } },
      field: "answers.nausea.frequency",
    },
    {
      name: "answer -1",
      body: { answers: { constipation: { severity: -1 } } },
      field: "answers.constipation.severity",
    },
    {
      name: "answer 2.5",
      body: { answers: { fatigue: { severity: 2.5, interference: 1 } } },
      field: "answers.fatigue.severity",
    },
    {
      name: "answer as text",
      body: { answers: { nausea: { frequency: "2", severity: 1 } } },
      field: "answers.nausea.frequency",
    },
    {
      name: "answer as a boolean",
      body: { answers: { hair_loss: { amount: true } } },
      field: "answers.hair_loss.amount",
    },
    {
      name: "answer 1e400 (Infinity)",
      body: '{"answers": {"diarrhoea": {"frequency": 1e400}}}',
      field: "answers.diarrhoea.frequency",
    },
    {
      name: "answer as an object",
      body: { answers: { diarrhoea: { frequency: { $gt: 0 } } } },
      field: "answers.diarrhoea.frequency",
    },
    { name: "presence answer 2", body: { answers: { rash: { presence: 2 } } }, field: "answers.rash.presence" },
    // Skip logic.
    {
      name: "follow-up after Never",
      body: { answers: { nausea: { frequency: 0, severity: 3 } } },
      field: "answers.nausea.severity",
    },
    {
      name: "follow-up without the first answer",
      body: { answers: { vomiting: { severity: 3 } } },
      field: "answers.vomiting.frequency",
    },
    {
      name: "follow-ups after a null first answer",
      body: { answers: { general_pain: { frequency: null, severity: 2, interference: 2 } } },
      field: "answers.general_pain.frequency",
    },
    // Temperature, red flags, canWait, reportedAt.
    { name: "temperature in Fahrenheit", body: { ...ok, temperatureC: 100.4 }, field: "temperatureC" },
    { name: "temperature as text", body: { ...ok, temperatureC: "38.2" }, field: "temperatureC" },
    { name: "temperature with two decimals", body: { ...ok, temperatureC: 37.55 }, field: "temperatureC" },
    { name: "temperature 1e400", body: '{"answers": {}, "temperatureC": 1e400}', field: "temperatureC" },
    { name: "temperature as a list", body: { ...ok, temperatureC: [38] }, field: "temperatureC" },
    { name: "red flags as a string", body: { ...ok, redFlags: "chest_pain" }, field: "redFlags" },
    { name: "unknown red flag", body: { ...ok, redFlags: ["fainting"] }, field: "redFlags.0" },
    { name: "repeated red flag", body: { ...ok, redFlags: ["chest_pain", "chest_pain"] }, field: "redFlags.1" },
    {
      name: "a huge array of junk red flags",
      body: { ...ok, redFlags: Array(8000).fill(7) },
      field: /^redFlags\.\d+$/,
    },
    { name: "red flags nested 10,000 deep", body: `{"answers": {}, "redFlags": ${deep(10_000)}}`, field: "redFlags.0" },
    {
      name: "nested junk as an item's answers",
      body: `{"answers": {"nausea": {"frequency": ${deep(2000)}}}}`,
      field: "answers.nausea.frequency",
    },
    { name: "canWait as text", body: { ...ok, canWait: "yes" }, field: "canWait" },
    { name: "reportedAt in words", body: { ...ok, reportedAt: "yesterday" }, field: "reportedAt" },
    { name: "reportedAt without a time zone", body: { ...ok, reportedAt: "2026-01-01T09:00:00" }, field: "reportedAt" },
    { name: "reportedAt tomorrow", body: { ...ok, reportedAt: minutesFromNow(24 * 60) }, field: "reportedAt" },
    { name: "reportedAt 31 days ago", body: { ...ok, reportedAt: minutesFromNow(-31 * 24 * 60) }, field: "reportedAt" },
    { name: "reportedAt as a number", body: { ...ok, reportedAt: 1_767_000_000_000 }, field: "reportedAt" },
    // The note.
    { name: "note as a number", body: { ...ok, note: 42 }, field: "note" },
    { name: "note of 1,001 characters", body: { ...ok, note: "a".repeat(1001) }, field: "note" },
    { name: "note with a NUL character", body: { ...ok, note: "before\u0000after" }, field: "note" },
    { name: "note with a terminal escape sequence", body: { ...ok, note: "\u001b[2J\u001b[31mred" }, field: "note" },
    { name: "note with a C1 control character", body: { ...ok, note: "hidden\u009btext" }, field: "note" },
    {
      name: "script in the note of an invalid report",
      body: { answers: { nausea: { frequency: 9 } }, note: "<script>alert(1)</script>" },
      field: "answers.nausea.frequency",
    },
    {
      name: "SQL in the note with an unknown field",
      body: { ...ok, note: "'); DELETE FROM alerts; --", sql: "DROP TABLE patients" },
      field: "sql",
    },
    // The Idempotency-Key header.
    { name: "no Idempotency-Key", body: ok, options: { key: null }, field: "Idempotency-Key" },
    { name: "empty Idempotency-Key", body: ok, options: { key: "" }, field: "Idempotency-Key" },
    {
      name: "Idempotency-Key of 201 characters",
      body: ok,
      options: { key: "k".repeat(201) },
      field: "Idempotency-Key",
    },
    { name: "Idempotency-Key with a tab", body: ok, options: { key: "a\tb" }, field: "Idempotency-Key" },
    { name: "Idempotency-Key with DEL", body: ok, options: { key: "a\u007fb" }, field: "Idempotency-Key" },
    {
      name: "Idempotency-Key with a non-ASCII letter",
      body: ok,
      options: { key: "cl\u00e9" },
      field: "Idempotency-Key",
    },
  ];

  test(`${cases.length} malformed or hostile requests`, async () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const before = await storedCounts();
    for (const c of cases) {
      const response = await POST(request(c.body, c.options));
      expect(response.status, c.name).toBeGreaterThanOrEqual(400);
      expect(response.status, c.name).toBeLessThan(500);
      const problem = await problemOf(response);
      if (c.title) expect(problem.title, c.name).toMatch(c.title);
      if (c.field) {
        expect(problem.errors?.length, c.name).toBeGreaterThan(0);
        expect(problem.errors?.length, c.name).toBeLessThanOrEqual(50);
        const fields = problem.errors?.map((e) => e.field) ?? [];
        const named = fields.some((f) => (typeof c.field === "string" ? f === c.field : c.field?.test(f)));
        expect(named, `${c.name}: ${JSON.stringify(problem.errors?.slice(0, 3))}`).toBe(true);
        expect(
          problem.errors?.every((e) => e.message.length > 0),
          c.name,
        ).toBe(true);
      }
    }
    expect(await storedCounts()).toEqual(before);
  });
});

describe("device tokens", () => {
  test("a missing, malformed, unknown or revoked token is refused with 401 and nothing is stored", async () => {
    const spare = await withRls({ userId: demoPatientUserId(0), actingRole: "patient" }, (tx) =>
      createDeviceToken(tx, { patientId: PATIENT, name: "Old tablet", now: new Date() }),
    );
    const accepted = await POST(
      request({ answers: { insomnia: { severity: 1, interference: 1 } } }, { authorization: `Bearer ${spare.token}` }),
    );
    expect(accepted.status).toBe(201);
    const revoked = await withRls({ userId: demoPatientUserId(0), actingRole: "patient" }, (tx) =>
      revokeDeviceToken(tx, { patientId: PATIENT, tokenId: spare.id, now: new Date() }),
    );
    expect(revoked).toBe(true);

    const before = await storedCounts();
    const unknown = `srm_${"A".repeat(43)}`;
    const authorizations: (string | null)[] = [
      `Bearer ${spare.token}`,
      `bearer ${spare.token}`,
      null,
      "",
      "Bearer",
      `Basic ${Buffer.from("patient:password").toString("base64")}`,
      `Token ${token}`,
      unknown,
      `Bearer ${unknown}`,
      `Bearer ${token.slice(0, -1)}`,
      `Bearer ${token}x`,
      `Bearer ${token.replace("srm_", "srx_")}`,
      `Bearer ${token} ${token}`,
      `Bearer ' OR 1=1 --`,
    ];
    for (const authorization of authorizations) {
      const response = await POST(request({ answers: { nausea: { frequency: 4, severity: 4 } } }, { authorization }));
      expect(response.status, String(authorization)).toBe(401);
      expect((await problemOf(response)).title).toBe("A valid device token is required.");
    }
    expect(await storedCounts()).toEqual(before);

    // The patient's other token still works.
    const still = await POST(request({ answers: { insomnia: { severity: 1, interference: 1 } } }));
    expect(still.status).toBe(201);
  });

  test("a deactivated account's token is refused with 401, and accepted again when reactivated", async () => {
    const userId = demoPatientUserId(0);
    const send = () => POST(request({ answers: { insomnia: { severity: 1, interference: 1 } } }));
    const before = await storedCounts();
    await asOwner((owner) => owner.execute(sql`update users set deactivated_at = now() where id = ${userId}`));
    try {
      const refused = await send();
      expect(refused.status).toBe(401);
      expect((await problemOf(refused)).title).toBe("A valid device token is required.");
      expect(await storedCounts()).toEqual(before);
    } finally {
      await asOwner((owner) => owner.execute(sql`update users set deactivated_at = null where id = ${userId}`));
    }
    expect((await send()).status).toBe(201);
  });
});
