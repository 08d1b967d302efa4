/**
 * Every route handler and server action of the app, as it runs (only next-auth's cookie decoding,
 * the database the app connects to and Next's cache are replaced), tried with at least 50 hostile
 * inputs each from the shared list (tests/support/hostile-inputs.ts): wrong types, sizes, NUL,
 * control and bidi characters, unknown fields, duplicate keys with other values, wrong content
 * types, huge and deeply nested bodies, numbers as strings, arrays for objects, invalid ids. For
 * each: never a server error or an unhandled throw; a refusal is a sentence a person can act on and
 * changes nothing in the database; what no field may hold is always refused.
 *
 * The sign-in post in front of next-auth is tried in tests/auth-hostile.test.ts (next-auth itself
 * is replaced here).
 */
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, test, vi } from "vitest";

const app = await vi.hoisted(() => import("./support/signed-in-app"));
vi.mock("next-auth", () => app.nextAuth);
vi.mock("@/server/database", () => app.serverDatabase);
vi.mock("next/cache", () => app.nextCache);

import { addOnCallShift, removeOnCallShift } from "../app/_rota/actions";
import * as admin from "../app/(admin)/admin/actions";
import * as account from "../app/(auth)/account/actions";
import { startEmergencyAccessAction } from "../app/(clinic)/patients/[patientId]/emergency-access/actions";
import { enterPhoneReport } from "../app/(clinic)/patients/[patientId]/report/actions";
import { savePlanAction } from "../app/(clinic)/patients/[patientId]/treatment/actions";
import { enrolPatientAction } from "../app/(clinic)/patients/new/actions";
import * as alerts from "../app/(clinic)/triage/actions";
import { createDevice, revokeDevice } from "../app/(patient)/me/devices/actions";
import { saveReminders } from "../app/(patient)/me/reminders/actions";
import { grantAccess, revokeRule } from "../app/(patient)/me/sharing/actions";
import { submitSymptomReport } from "../app/(patient)/report/actions";
import { POST as activation } from "../app/api/auth/activation/route";
import { POST as enrolment } from "../app/api/auth/enrolment/route";
import { POST as secondFactor } from "../app/api/auth/second-factor/route";
import { POST as signOutEverywhere } from "../app/api/auth/sign-out-everywhere/route";
import { GET as triageChanges } from "../app/api/triage/changes/route";
import { POST as deviceReport } from "../app/api/v1/reports/route";
import { GET as readFhirObservation } from "../app/fhir/R4/Observation/[id]/route";
import { GET as searchFhirObservations } from "../app/fhir/R4/Observation/route";
import { POST as fhirReport } from "../app/fhir/R4/QuestionnaireResponse/route";
import { createInvitation } from "../db/queries/auth";
import { createDeviceToken } from "../db/queries/device-tokens";
import { newSessionToken } from "../db/queries/sessions";
import * as t from "../db/schema";
import { AppError, type AppErrorCode } from "../lib/errors";
import { sha256Hex } from "../lib/hash";
import { toClinicWallClock } from "../lib/notifications/rota";
import { mfaEncryptionKey } from "../server/auth/secret";
import { encryptSecret, newTotpSecret } from "../server/auth/totp";
import type { ActionResult } from "../server/http/action";
import { insertAlert } from "./support/alerts";
import { rowsOf } from "./support/database";
import type { UserKey } from "./support/fixtures";
import { as, EC_PLAN, ORG, PATIENT, RECORDS, TEAM, USER, VALID_SETTINGS_FORM } from "./support/fixtures";
import {
  type Answer,
  type FormFields,
  HOSTILE_VALUES,
  type Hostile,
  hostileFields,
  hostileForms,
  hostileInputs,
  hostileJsonBodies,
  judge,
  MEGABYTE,
  mustRefuseFirst,
} from "./support/hostile-inputs";
import { appDatabaseWithSessions, SESSION, signedInAs } from "./support/signed-in-app";

const db = appDatabaseWithSessions("hostile_entry_points", [
  "adminA",
  "nurseA1",
  "nurseA2",
  "oncologistA1",
  "adminOncologistA",
  "patientP1",
]);
const SITE = "http://localhost:3100";
/** A green report: valid for the patient's form, the device API and a report taken by phone. */
const REPORT = {
  answers: { nausea: { frequency: 1, severity: 1 } },
  temperatureC: 36.8,
  redFlags: [],
  canWait: false,
  note: "A little queasy after breakfast.",
};
const LONG = 600_000;

/**
 * Everything a request could change, as one digest (the owner's view). Left out: the audit trail
 * (a refused consent check is recorded, by design), sign-in throttles, and the times a session or
 * device was last used.
 */
async function digest(): Promise<string> {
  const tables = [
    "organisations",
    "care_teams",
    "users",
    "staff_memberships",
    "sessions",
    "invitations",
    "recovery_codes",
    "patients",
    "device_tokens",
    "consent_rules",
    "emergency_accesses",
    "symptom_reports",
    "symptom_answers",
    "symptom_grades",
    "alerts",
    "alert_reports",
    "alert_events",
    "treatment_plans",
    "treatment_cycles",
    "treatment_plan_versions",
    "on_call_shifts",
    "notifications",
  ];
  const parts = tables.map(
    (table) =>
      `(select md5(coalesce(string_agg(j::text, ',' order by j::text), '')) from
        (select to_jsonb(x) - 'last_seen_at' - 'last_used_at' as j from ${table} x) r)`,
  );
  const [row] = await db.asOwner((o) =>
    rowsOf<{ d: string }>(o, sql.raw(`select md5(concat_ws('|', ${parts.join(", ")})) as d`)),
  );
  return row.d;
}

const actionAnswer = (result: ActionResult<unknown>): Answer =>
  result.ok
    ? { status: 200 }
    : {
        status: new AppError(result.code as AppErrorCode).status,
        message: result.error,
        body: JSON.stringify(result),
      };

async function responseAnswer(response: Response): Promise<Answer> {
  const body = await response.text();
  let message: string | undefined;
  try {
    // A problem document's title, or a FHIR OperationOutcome's first issue.
    const parsed = JSON.parse(body) as { title?: string; issue?: { diagnostics?: string }[] };
    message = parsed.title ?? parsed.issue?.[0]?.diagnostics;
  } catch {
    message = undefined;
  }
  return { status: response.status, message, body };
}

/**
 * Calls the entry point with each hostile input in turn and lists what went wrong (see `judge`);
 * the database is compared before and after each refusal.
 */
async function tryAll<V>(cases: Hostile<V>[], call: (value: V) => Promise<Answer>): Promise<string[]> {
  expect(cases.length).toBeGreaterThanOrEqual(50);
  const problems: string[] = [];
  let before = await digest();
  for (const hostile of mustRefuseFirst(cases)) {
    let answer: Answer | { threw: unknown };
    try {
      answer = await call(hostile.value);
    } catch (threw) {
      answer = { threw };
    }
    const after = await digest();
    const problem = judge(hostile, answer, after !== before);
    if (problem) problems.push(`${hostile.name}: ${problem}`);
    before = after;
  }
  return problems;
}

type ValueAction = (input: unknown) => Promise<ActionResult<unknown>>;
type FormActionFn = (previous: null, form: never) => Promise<ActionResult<unknown>>;

/** An action the app calls with an object: each hostile input, as `who`. */
function objectAction(who: UserKey, fn: ValueAction, valid: Record<string, unknown>, optional: string[] = []) {
  return async () => {
    signedInAs(who);
    const problems = await tryAll(hostileInputs(valid, { optional }), async (value) => actionAnswer(await fn(value)));
    expect(problems).toEqual([]);
  };
}

/** A form action: each hostile form (or what a hostile client sends instead of one), as `who`. */
function formAction(who: UserKey, fn: FormActionFn, valid: FormFields, optional: string[] = []) {
  return async () => {
    signedInAs(who);
    const problems = await tryAll(hostileForms(valid, { optional }), async (value) =>
      actionAnswer(await fn(null, value as never)),
    );
    expect(problems).toEqual([]);
  };
}

// ---------------------------------------------------------------------------------------------
// Route handlers

type Headers = Record<string, string>;
const jsonHeaders: Headers = { "content-type": "application/json", origin: SITE, host: "localhost:3100" };

function post(path: string, body: string | undefined, headers: Headers): Request {
  return new Request(`${SITE}${path}`, { method: "POST", headers, body });
}

/** The value as a JSON body (undefined: no body). */
const jsonBody = (value: unknown): string | undefined => (value === undefined ? undefined : JSON.stringify(value));

/** Requests that are wrong before their body is read: type, size, encoding. Each must be refused. */
function requestCases(valid: Record<string, unknown>): Hostile<{ body: string | Uint8Array; headers: Headers }>[] {
  const body = JSON.stringify(valid);
  const cases: [string, string | Uint8Array, Headers][] = [
    ["no content type", body, { "content-type": "" }],
    ["text/plain (a cross-site form's type)", body, { "content-type": "text/plain" }],
    [
      "a url-encoded form",
      new URLSearchParams(valid as Record<string, string>).toString(),
      {
        "content-type": "application/x-www-form-urlencoded",
      },
    ],
    ["multipart", "--x\r\n\r\n--x--", { "content-type": "multipart/form-data; boundary=x" }],
    ["XML", "<a/>", { "content-type": "application/xml" }],
    ["a JSON look-alike type", body, { "content-type": "application/jsonx" }],
    ["a megabyte body", JSON.stringify({ ...valid, x: MEGABYTE }), {}],
    ["a declared 10 MB body", body, { "content-length": String(10 * 1024 * 1024) }],
    ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), {}],
    ["UTF-16", new Uint8Array(Buffer.from(body, "utf16le")), { "content-type": "application/json; charset=utf-16" }],
  ];
  return cases.map(([name, b, headers]) => ({ name, value: { body: b, headers }, mustRefuse: true }));
}

/**
 * A JSON route: each hostile value as the body, each hostile raw body, and each wrong request.
 * `request` builds the request from a body and extra headers.
 */
async function tryJsonRoute(
  handler: (request: Request) => Promise<Response>,
  valid: Record<string, unknown>,
  request: (body: string | Uint8Array | undefined, headers: Headers) => Request,
  options: { optional?: string[]; refusedWith?: number[] } = {},
): Promise<string[]> {
  const values = hostileInputs(valid, options).map((h) => ({
    ...h,
    refusedWith: options.refusedWith,
    value: { body: jsonBody(h.value), headers: {} },
  }));
  const raw = hostileJsonBodies(valid).map((h) => ({
    ...h,
    refusedWith: options.refusedWith,
    value: { body: h.value, headers: {} },
  }));
  const cases: Hostile<{ body: string | Uint8Array | undefined; headers: Headers }>[] = [
    ...values,
    ...raw,
    ...requestCases(valid),
  ];
  return tryAll(cases, async ({ body, headers }) => responseAnswer(await handler(request(body, headers))));
}

describe("route handlers", () => {
  const UNKNOWN_TOKEN = `srm_${"A".repeat(43)}`;
  let deviceToken = "";

  beforeAll(async () => {
    ({ token: deviceToken } = await as(db, USER.patientP1, (tx) =>
      createDeviceToken(tx, { patientId: PATIENT.P1, name: "Hostile test phone", now: new Date() }),
    ));
  });

  test(
    "POST /api/v1/reports (a patient's device)",
    async () => {
      let key = 0;
      const problems = await tryJsonRoute(
        deviceReport,
        REPORT,
        (body, headers) =>
          post("/api/v1/reports", body as string, {
            authorization: `Bearer ${deviceToken}`,
            "content-type": "application/json",
            // A new key each time: each body is judged as a report of its own, not as a retry.
            "idempotency-key": `hostile-device-report-${++key}`,
            ...headers,
          }),
        { optional: ["temperatureC", "redFlags", "canWait", "note"] },
      );
      // The headers a device sends, each hostile (a header holds only visible ASCII on the wire).
      const onWire = HOSTILE_VALUES.filter((h) => typeof h.value === "string" && /^[\x20-\x7e]*$/.test(h.value));
      const headerCases: Hostile<Headers>[] = [
        ...onWire.map((h) => ({
          ...h,
          name: `Idempotency-Key: ${h.name}`,
          value: { "idempotency-key": h.value as string },
        })),
        ...[
          ...onWire.map((h) => ({ name: `Authorization: ${h.name}`, value: { authorization: `Bearer ${h.value}` } })),
          { name: "an unknown token", value: { authorization: `Bearer ${UNKNOWN_TOKEN}` } },
          { name: "two tokens", value: { authorization: `Bearer ${deviceToken} ${deviceToken}` } },
          { name: "Basic auth", value: { authorization: "Basic YTpi" } },
          { name: "no Authorization", value: { authorization: "" } },
        ].map((c) => ({ ...c, mustRefuse: true, refusedWith: [401] })),
        { name: "a 300-character key", value: { "idempotency-key": "k".repeat(300) }, mustRefuse: true },
        { name: "no key", value: { "idempotency-key": "" }, mustRefuse: true },
      ];
      problems.push(
        ...(await tryAll(headerCases, async (headers) =>
          responseAnswer(
            await deviceReport(
              post("/api/v1/reports", JSON.stringify({ ...REPORT, note: "header test" }), {
                authorization: `Bearer ${deviceToken}`,
                "content-type": "application/json",
                "idempotency-key": "hostile-device-header",
                ...headers,
              }),
            ),
          ),
        )),
      );
      expect(problems).toEqual([]);
    },
    LONG,
  );

  test(
    "GET /api/triage/changes (the triage queue's poll)",
    async () => {
      signedInAs("nurseA1");
      const valid = { since: new Date(Date.now() - 60_000).toISOString(), ids: RECORDS.P1.alert, severity: "red" };
      /** The fields as a query string (a file, which a query cannot carry, as a word). */
      const query = (fields: FormFields | string): string => {
        if (typeof fields === "string") return fields;
        const params = new URLSearchParams();
        for (const [key, v] of Object.entries(fields)) {
          for (const each of Array.isArray(v) ? v : [v]) params.append(key, typeof each === "string" ? each : "blob");
        }
        return params.toString();
      };
      const cases: Hostile<FormFields | string>[] = [
        ...hostileFields(valid, { optional: Object.keys(valid) }),
        {
          name: "101 ids",
          value: { ids: Array.from({ length: 101 }, () => RECORDS.P1.alert).join(",") },
          mustRefuse: true,
        },
        { name: "a query of 100,000 characters", value: `x=${"a".repeat(100_000)}`, mustRefuse: true },
        { name: "a broken percent escape", value: "since=%E0%A4%A", mustRefuse: true },
        { name: "a NUL escaped", value: "severity=%00", mustRefuse: true },
      ];
      const problems = await tryAll(cases, async (value) =>
        responseAnswer(await triageChanges(new Request(`${SITE}/api/triage/changes?${query(value)}`))),
      );
      expect(problems).toEqual([]);
    },
    LONG,
  );

  test(
    "GET /fhir/R4/Observation and /fhir/R4/Observation/<id> (FHIR search and read)",
    async () => {
      signedInAs("nurseA1");
      const valid = {
        patient: `Patient/${PATIENT.P1}`,
        date: "ge2020-01-01",
        code: "proctcae-9b-sev",
        _lastUpdated: "le2100-01-01",
        _count: "10",
      };
      const query = (fields: FormFields | string): string => {
        if (typeof fields === "string") return fields;
        const params = new URLSearchParams();
        for (const [key, v] of Object.entries(fields)) {
          for (const each of Array.isArray(v) ? v : [v]) params.append(key, typeof each === "string" ? each : "blob");
        }
        return params.toString();
      };
      const cases: Hostile<FormFields | string>[] = [
        ...hostileFields(valid, { optional: ["date", "code", "_lastUpdated", "_count"] }),
        { name: "a query of 100,000 characters", value: `x=${"a".repeat(100_000)}`, mustRefuse: true },
        { name: "a broken percent escape", value: "date=%E0%A4%A", mustRefuse: true },
        { name: "three dates", value: `patient=${PATIENT.P1}&date=ge2020&date=le2030&date=eq2026`, mustRefuse: true },
        {
          name: "a code list of 51",
          value: `patient=${PATIENT.P1}&code=${Array(51).fill("proctcae-9b-sev")}`,
          mustRefuse: true,
        },
      ];
      const problems = await tryAll(cases, async (value) =>
        responseAnswer(await searchFhirObservations(new Request(`${SITE}/fhir/R4/Observation?${query(value)}`))),
      );
      // Each hostile text as it can travel in a path (a lone surrogate cannot be percent-encoded).
      const encodable = (value: string) => {
        try {
          return encodeURIComponent(value).length > 0;
        } catch {
          return false;
        }
      };
      const ids: Hostile<string>[] = HOSTILE_VALUES.filter(
        (h) => typeof h.value === "string" && encodable(h.value),
      ).map((h) => ({
        ...h,
        name: `id: ${h.name}`,
        value: h.value as string,
        mustRefuse: true,
        refusedWith: [400, 404],
      }));
      // And ids shaped like ours that name nothing, or reach for another path.
      for (const [name, id] of [
        ["a report that does not exist", "00000000-0000-4000-8000-000000000000.temp"],
        ["an item not in the set", `${RECORDS.P1.report}.999a`],
        ["a fourth attribute", `${RECORDS.P1.report}.48d`],
        ["65 characters", "a".repeat(65)],
        ["a path", `../Patient/${PATIENT.P1}`],
      ]) {
        ids.push({ name, value: id, mustRefuse: true, refusedWith: [400, 404] });
      }
      problems.push(
        ...(await tryAll(ids, async (id) =>
          responseAnswer(
            await readFhirObservation(new Request(`${SITE}/fhir/R4/Observation/${encodeURIComponent(id)}`)),
          ),
        )),
      );
      expect(problems).toEqual([]);
    },
    LONG,
  );

  test(
    "POST /fhir/R4/QuestionnaireResponse (a patient's device, in FHIR)",
    async () => {
      let key = 0;
      const valid = {
        resourceType: "QuestionnaireResponse",
        questionnaire: "https://fhir.serums-oncology.example/Questionnaire/pro-ctcae-core",
        status: "completed",
        subject: { reference: `Patient/${PATIENT.P1}` },
        item: [
          {
            linkId: "proctcae-9",
            item: [
              {
                linkId: "proctcae-9a-frq",
                answer: [
                  {
                    valueCoding: {
                      system: "https://fhir.serums-oncology.example/CodeSystem/pro-ctcae",
                      code: "proctcae-frequency-1",
                    },
                  },
                ],
              },
            ],
          },
          { linkId: "temperature", answer: [{ valueDecimal: 36.8 }] },
          { linkId: "note", answer: [{ valueString: "A little queasy after breakfast." }] },
        ],
      };
      const problems = await tryJsonRoute(
        fhirReport,
        valid,
        (body, headers) =>
          post("/fhir/R4/QuestionnaireResponse", body as string, {
            authorization: `Bearer ${deviceToken}`,
            "content-type": "application/fhir+json",
            "idempotency-key": `hostile-fhir-report-${++key}`,
            ...headers,
          }),
        { optional: ["subject"] },
      );
      expect(problems).toEqual([]);
    },
    LONG,
  );

  const signedInPost = (path: string) => (body: string | Uint8Array | undefined, headers: Headers) =>
    post(path, body as string, { ...jsonHeaders, ...headers });

  test(
    "POST /api/auth/activation (a one-time link)",
    async () => {
      signedInAs(null);
      const invitee = "3f6d2a4b-8c1e-4e5f-9a7b-0c2d4e6f8a12";
      await db.asOwner((o) =>
        o.insert(t.users).values({
          id: invitee,
          organisationId: ORG.A,
          kind: "staff",
          email: "invitee@fixture.example",
          displayName: "Invitee",
        }),
      );
      const { token } = await as(db, USER.adminA, (tx) =>
        createInvitation(tx, { userId: invitee, purpose: "activate", createdBy: USER.adminA, now: new Date() }),
      );
      const password = "Tangerine velvet harbour 7";
      // An unusable link is refused as such (404) before the password is looked at.
      expect(
        await tryJsonRoute(activation, { token, password, confirm: password }, signedInPost("/api/auth/activation"), {
          refusedWith: [400, 404, 413, 415],
        }),
      ).toEqual([]);
    },
    LONG,
  );

  test(
    "POST /api/auth/second-factor (half-way through signing in)",
    async () => {
      // The nurse has an authenticator; her browser has passed the password step only.
      const secret = encryptSecret(newTotpSecret(), USER.nurseA2, mfaEncryptionKey());
      const signedIn = SESSION.nurseA2;
      const token = newSessionToken();
      const [pending] = await db.asOwner(async (o) => {
        await o
          .update(t.users)
          .set({ mfaSecretEnc: secret, mfaEnabledAt: new Date() })
          .where(eq(t.users.id, USER.nurseA2));
        return o
          .insert(t.sessions)
          .values({ userId: USER.nurseA2, tokenHash: sha256Hex(token) })
          .returning({ id: t.sessions.id });
      });
      SESSION.nurseA2 = { id: pending.id, token };
      try {
        signedInAs("nurseA2");
        // Wrong codes are refused (400), and after a few the sign-in is slowed (429).
        const post = signedInPost("/api/auth/second-factor");
        expect(
          await tryJsonRoute(secondFactor, { code: "123456" }, post, { refusedWith: [400, 413, 415, 429] }),
        ).toEqual([]);
      } finally {
        SESSION.nurseA2 = signedIn;
        await db.asOwner((o) =>
          o.update(t.users).set({ mfaSecretEnc: null, mfaEnabledAt: null }).where(eq(t.users.id, USER.nurseA2)),
        );
      }
    },
    LONG,
  );

  // Signed out, a code of the right shape reaches the sign-in check, which answers 401.
  const accountRoutes: [string, (r: Request) => Promise<Response>, string, UserKey | null, object, number[]?][] = [
    ["second-factor", secondFactor, "signed out", null, { code: "123456" }, [400, 401, 413, 415]],
    ["enrolment", enrolment, "a signed-in nurse confirming an authenticator", "nurseA1", { code: "123456" }],
    ["sign-out-everywhere", signOutEverywhere, "a signed-in oncologist", "adminOncologistA", {}],
  ];
  for (const [path, handler, who, user, valid, refusedWith] of accountRoutes) {
    test(
      `POST /api/auth/${path} (${who})`,
      async () => {
        signedInAs(user);
        const post = signedInPost(`/api/auth/${path}`);
        expect(await tryJsonRoute(handler, valid as Record<string, unknown>, post, { refusedWith })).toEqual([]);
      },
      LONG,
    );
  }
});

// ---------------------------------------------------------------------------------------------
// Clinicians' actions

describe("clinicians' actions", () => {
  const newAlert = () =>
    db.asOwner(async (o) => {
      await o.execute(sql`update alerts set status = 'resolved', resolved_at = now(),
        outcome_codes = '{no_intervention_needed}', version = version + 1
        where patient_id = ${PATIENT.P1} and status <> 'resolved'`);
      return insertAlert(o, new Date(), { patientId: PATIENT.P1, careTeamId: TEAM.A1, severity: "red", dueIn: 20 });
    });
  const target = async () => ({ alertId: await newAlert(), patientId: PATIENT.P1, expectedVersion: 1 });

  test("acknowledge an alert", async () => objectAction("nurseA1", alerts.acknowledgeAlert, await target())(), LONG);
  test(
    "assign an alert",
    async () =>
      objectAction(
        "nurseA1",
        alerts.assignAlert,
        { ...(await target()), assigneeId: USER.oncologistA1, note: "Over to you." },
        ["note"],
      )(),
    LONG,
  );
  test(
    "add a note to an alert",
    async () => {
      const { alertId, patientId } = await target();
      await objectAction("nurseA1", alerts.addAlertNote, { alertId, patientId, note: "Called the patient." })();
    },
    LONG,
  );
  test(
    "resolve an alert",
    async () =>
      objectAction(
        "nurseA1",
        alerts.resolveAlert,
        { ...(await target()), outcomeCodes: ["self_care_advice"], note: "Advice given." },
        ["note"],
      )(),
    LONG,
  );
  test(
    "reopen an alert",
    async () => {
      const input = await target();
      await db.asOwner((o) =>
        o.execute(sql`update alerts set status = 'resolved', resolved_at = now(),
          outcome_codes = '{self_care_advice}', version = 2 where id = ${input.alertId}`),
      );
      await objectAction("nurseA1", alerts.reopenAlert, { ...input, expectedVersion: 2, note: "Worse again." }, [
        "note",
      ])();
    },
    LONG,
  );

  test(
    "enter a report taken by phone",
    objectAction("nurseA1", enterPhoneReport, {
      patientId: PATIENT.P1,
      idempotencyKey: "hostile-phone-report",
      report: REPORT,
    }),
    LONG,
  );

  test(
    "change a treatment plan",
    objectAction("oncologistA1", savePlanAction, {
      patientId: PATIENT.P1,
      planId: RECORDS.P1.plan,
      version: 1,
      ...EC_PLAN,
      cycles: [
        {
          cycleNumber: 1,
          plannedDate: "2026-01-05",
          givenDate: null,
          dosePercent: 100,
          status: "planned",
          reason: null,
        },
      ],
      reason: "Dose reviewed at clinic.",
      decidedBy: null,
    }),
    LONG,
  );

  test(
    "open a record in an emergency",
    formAction("nurseA2", startEmergencyAccessAction, {
      patientId: PATIENT.P1,
      reason: "Seen in A&E with a fever; the record is needed now.",
      hours: "2",
    }),
    LONG,
  );

  test(
    "enrol a patient",
    formAction("nurseA1", enrolPatientAction, {
      patientId: "7d3b6a53-1f0e-4c9a-9d43-2a7c1e5b8f60",
      givenName: "Ailsa",
      familyName: "Moffat",
      hospitalNumber: "HN-HOSTILE-1",
      dateOfBirth: "1960-04-01",
      diagnosis: "Breast cancer",
      careTeamId: TEAM.A1,
      email: "ailsa.moffat@patients.example",
      categories: ["symptoms", "alerts"],
    }),
    LONG,
  );
  test(
    "choose how to be told about alerts",
    formAction(
      "nurseA1",
      account.saveNotificationPreferencesAction,
      { channels: ["email", "push", "sms"], quietStart: "22:00", quietEnd: "07:00", smsNumber: "+447700900123" },
      ["quietStart", "quietEnd", "smsNumber"],
    ),
    LONG,
  );
  test(
    "subscribe a browser to push",
    objectAction("nurseA1", account.addPushSubscriptionAction, {
      endpoint: "https://fcm.googleapis.com/fcm/send/hostile-test",
      p256dh: `B${"A".repeat(86)}`,
      auth: "A".repeat(22),
      label: "Chrome on Linux",
    }),
    LONG,
  );
  // None is subscribed, so a well-formed id finds nothing.
  test(
    "remove a subscribed browser",
    formAction("nurseA1", account.removePushSubscriptionAction, {
      subscriptionId: "5b0e3c2e-9a4d-4f1b-8c1e-2d3f4a5b6c7d",
    }),
    LONG,
  );
});

// ---------------------------------------------------------------------------------------------
// Admins' actions

describe("admins' actions", () => {
  const staffMember = { userId: USER.nurseA2 };
  let nurseA2Membership = "";
  const EMPTY_TEAM = "3f6d2a4b-8c1e-4e5f-9a7b-0c2d4e6f8a10";
  const ARCHIVED_TEAM = "3f6d2a4b-8c1e-4e5f-9a7b-0c2d4e6f8a11";
  beforeAll(async () => {
    await db.asOwner((o) =>
      o.insert(t.careTeams).values([
        { id: EMPTY_TEAM, organisationId: ORG.A, name: "Team Empty" },
        { id: ARCHIVED_TEAM, organisationId: ORG.A, name: "Team Archived", archivedAt: new Date() },
      ]),
    );
    const [row] = await db.asOwner((o) =>
      rowsOf<{ id: string }>(o, sql`select id from staff_memberships where user_id = ${USER.nurseA2}`),
    );
    nurseA2Membership = row.id;
  });

  const forms: [string, FormActionFn, () => FormFields, string[]?][] = [
    [
      "create a staff member",
      admin.createStaff,
      () => ({ name: "Kirsty Ross", email: "kirsty.ross@fixture.example", role: "nurse", careTeamId: TEAM.A1 }),
      ["careTeamId"],
    ],
    ["rename a staff member", admin.renameStaff, () => ({ ...staffMember, name: "Morag Steele" })],
    [
      "grant a role",
      admin.grantRole,
      () => ({ ...staffMember, role: "oncologist", careTeamId: TEAM.A2 }),
      ["careTeamId"],
    ],
    [
      "move a role to another team",
      admin.moveCareTeam,
      () => ({ membershipId: nurseA2Membership, careTeamId: TEAM.A1 }),
    ],
    ["sign a staff member out everywhere", admin.signOutStaff, () => staffMember],
    ["reset a second factor", admin.resetMfa, () => staffMember],
    ["unlock an account", admin.unlockStaffAccount, () => staffMember],
    ["send an invitation", admin.sendInvitation, () => staffMember],
    ["deactivate an account", admin.deactivateStaff, () => staffMember],
    ["reactivate an account", admin.reactivateStaff, () => staffMember],
    ["remove a role", admin.removeRole, () => ({ membershipId: nurseA2Membership })],
    // A change waiting for a second admin: none is waiting, so a well-formed id finds nothing.
    ["approve a staff change", admin.approveStaffChange, () => ({ requestId: "5b0e3c2e-9a4d-4f1b-8c1e-2d3f4a5b6c7d" })],
    ["refuse a staff change", admin.refuseStaffChange, () => ({ requestId: "5b0e3c2e-9a4d-4f1b-8c1e-2d3f4a5b6c7d" })],
    ["create a care team", admin.createCareTeam, () => ({ name: "Team Hostile" })],
    ["rename a care team", admin.renameCareTeam, () => ({ teamId: TEAM.A2, name: "Team A2 West" })],
    ["archive a care team", admin.archiveTeam, () => ({ teamId: EMPTY_TEAM })],
    ["restore a care team", admin.restoreTeam, () => ({ teamId: ARCHIVED_TEAM })],
    ["change the organisation's settings", admin.updateSettings, () => VALID_SETTINGS_FORM],
    [
      "choose the escalation contacts",
      admin.updateEscalationContacts,
      () => ({ contactIds: USER.nurseA1 }),
      ["contactIds"],
    ],
    ["choose the organisation's default language", admin.updateDefaultLocale, () => ({ locale: "nl" })],
    [
      "add an on-call shift",
      addOnCallShift,
      () => ({
        teamId: TEAM.A1,
        userId: USER.nurseA1,
        position: "2",
        startsAt: toClinicWallClock(new Date(Date.now() + 40 * 86_400_000)),
        endsAt: toClinicWallClock(new Date(Date.now() + 40 * 86_400_000 + 12 * 3_600_000)),
      }),
    ],
    // No shift of that id: a well-formed id finds nothing.
    [
      "remove an on-call shift",
      removeOnCallShift,
      () => ({ teamId: TEAM.A1, shiftId: "5b0e3c2e-9a4d-4f1b-8c1e-2d3f4a5b6c7d" }),
    ],
  ];
  for (const [name, fn, valid, optional] of forms) {
    test(name, async () => formAction("adminA", fn, valid(), optional)(), LONG);
  }
});

// ---------------------------------------------------------------------------------------------
// Patients' actions (last: they may withdraw the consent the clinicians' tests rely on)

describe("patients' actions", () => {
  test(
    "submit a symptom report",
    objectAction("patientP1", submitSymptomReport, {
      idempotencyKey: "hostile-patient-report",
      report: REPORT,
    }),
    LONG,
  );
  test("name a new device", formAction("patientP1", createDevice, { name: "Kitchen tablet" }), LONG);
  test("remove a device", formAction("patientP1", revokeDevice, { tokenId: RECORDS.P1.deviceToken }), LONG);
  test(
    "choose reminders to report",
    formAction("patientP1", saveReminders, {
      reminders: "on",
      channels: ["email", "push"],
      remindAt: "18:30",
      quietHours: "on",
      quietFrom: "22:00",
      quietUntil: "07:30",
    }),
    LONG,
  );
  test(
    "allow or block a care team or clinician",
    formAction(
      "patientP1",
      grantAccess,
      { grantee: `care_team:${TEAM.A1}`, effect: "allow", categories: "symptoms", validUntil: "" },
      ["validUntil"],
    ),
    LONG,
  );
  test("withdraw a consent rule", formAction("patientP1", revokeRule, { ruleId: RECORDS.P1.allowRule }), LONG);
});
