/**
 * The alert actions, the triage page's read and its poll, end to end through the one wrapper as
 * the app runs them (only next-auth's cookie decoding is replaced): session, role, zod, consent for
 * the patient's `alerts` before any data query, then the change and its audit event in one
 * transaction. Also: the queue read records one `triage_queue_viewed` per patient shown.
 */
import { sql } from "drizzle-orm";
import { describe, expect, test, vi } from "vitest";

const app = await vi.hoisted(() => import("./support/signed-in-app"));
vi.mock("next-auth", () => app.nextAuth);
vi.mock("@/server/database", () => app.serverDatabase);
vi.mock("next/cache", () => app.nextCache);

import * as actions from "../app/(clinic)/triage/actions";
import { loadTriageQueue } from "../app/(clinic)/triage/queue";
import { GET as pollChanges } from "../app/api/triage/changes/route";
import { DEFAULT_QUEUE_STATE } from "../lib/alerts/queue-state";
import { describeAccess } from "../lib/audit/describe";
import { requireSession } from "../server/auth/session";
import { guarded } from "../server/http/guard";
import { insertAlert } from "./support/alerts";
import { rowsOf } from "./support/database";
import { PATIENT, TEAM, USER } from "./support/fixtures";
import { appDatabaseWithSessions, signedInAs } from "./support/signed-in-app";

const db = appDatabaseWithSessions("alerts_actions", ["adminA", "nurseA1", "nurseA2", "oncologistA1", "patientP1"]);
const NOW = new Date();

/**
 * A new open alert of the patient. A patient has at most one active alert (lib/alerts/episodes.ts),
 * so whatever alert of theirs an earlier test left active is closed first, as the owner.
 */
const newAlert = (patient: "P1" | "P2" = "P1", severity: "red" | "amber" = "red") =>
  db.asOwner(async (o) => {
    await closeActiveAlerts(o, PATIENT[patient]);
    return insertAlert(o, NOW, { patientId: PATIENT[patient], careTeamId: TEAM.A1, severity, dueIn: 20 });
  });

function closeActiveAlerts(owner: Parameters<Parameters<typeof db.asOwner>[0]>[0], patientId: string) {
  return owner.execute(sql`update alerts set status = 'resolved', resolved_at = now(), outcome_codes = '{no_intervention_needed}',
    version = version + 1 where patient_id = ${patientId} and status <> 'resolved'`);
}

async function alertRow(id: string) {
  const [row] = await db.asOwner((o) =>
    rowsOf<{ status: string; version: number; assigned_to: string | null }>(
      o,
      sql`select status, version, assigned_to from alerts where id = ${id}`,
    ),
  );
  return { ...row, version: Number(row.version) };
}

type AuditRow = {
  action: string;
  outcome: string;
  patient_id: string | null;
  actor_user_id: string | null;
  resource_type: string | null;
  resource_id: string | null;
  details: unknown;
};
async function auditAfter(mark: number): Promise<AuditRow[]> {
  return db.asOwner((o) =>
    rowsOf<AuditRow>(
      o,
      sql`select action, outcome::text, patient_id, actor_user_id, resource_type, resource_id, details from audit_events where id > ${mark} order by id`,
    ),
  );
}
async function auditMark(): Promise<number> {
  const [row] = await db.asOwner((o) =>
    rowsOf<{ id: string }>(o, sql`select coalesce(max(id), 0)::text as id from audit_events`),
  );
  return Number(row.id);
}

describe("who may act", () => {
  test("signed out, an admin without a clinical role, and a patient are refused before anything is read", async () => {
    const id = await newAlert();
    const input = { alertId: id, patientId: PATIENT.P1, expectedVersion: 1 };
    const mark = await auditMark();
    signedInAs(null);
    expect(await actions.acknowledgeAlert(input)).toMatchObject({ ok: false, code: "unauthenticated" });
    signedInAs("adminA");
    expect(await actions.acknowledgeAlert(input)).toMatchObject({ ok: false, code: "forbidden" });
    signedInAs("patientP1");
    expect(await actions.resolveAlert({ ...input, outcomeCodes: ["self_care_advice"] })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await alertRow(id)).toMatchObject({ status: "open", version: 1 });
    expect(await auditAfter(mark)).toEqual([]);
  });

  test("a clinician without the patient's consent is refused by the consent check, which is audited as denied", async () => {
    const id = await newAlert();
    const mark = await auditMark();
    signedInAs("nurseA2"); // team A2: P1 has not consented to them
    const result = await actions.acknowledgeAlert({ alertId: id, patientId: PATIENT.P1, expectedVersion: 1 });
    expect(result).toMatchObject({ ok: false, code: "not_found" });
    expect(await alertRow(id)).toMatchObject({ status: "open", version: 1 });
    expect(await auditAfter(mark)).toEqual([
      expect.objectContaining({
        action: "alert_acknowledged",
        outcome: "denied",
        patient_id: PATIENT.P1,
        actor_user_id: USER.nurseA2,
      }),
    ]);
  });

  test("naming another patient than the alert's (one the clinician may see) finds nothing and changes nothing", async () => {
    const id = await newAlert("P1");
    signedInAs("nurseA1");
    expect(await actions.acknowledgeAlert({ alertId: id, patientId: PATIENT.P2, expectedVersion: 1 })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await alertRow(id)).toMatchObject({ status: "open", version: 1 });
  });

  test.each([
    ["extra field", { alertId: "", patientId: "", expectedVersion: 1, status: "resolved" }],
    ["not a uuid", { alertId: "1 or 1=1", patientId: PATIENT.P1, expectedVersion: 1 }],
    ["no version", { alertId: PATIENT.P1, patientId: PATIENT.P1 }],
    ["negative version", { alertId: PATIENT.P1, patientId: PATIENT.P1, expectedVersion: -1 }],
    ["a string", "acknowledge everything"],
    ["null", null],
  ])("a malformed acknowledge (%s) is a plain refusal", async (_, input) => {
    signedInAs("nurseA1");
    const result = await actions.acknowledgeAlert(input);
    expect(result).toMatchObject({ ok: false, code: "invalid_input" });
  });

  test("a resolve whose outcomes contradict each other is refused in a sentence, nothing changes", async () => {
    const id = await newAlert();
    signedInAs("nurseA1");
    const result = await actions.resolveAlert({
      alertId: id,
      patientId: PATIENT.P1,
      expectedVersion: 1,
      outcomeCodes: ["acute_oncology_referral", "no_intervention_needed"],
    });
    expect(result).toMatchObject({
      ok: false,
      code: "invalid_input",
      fields: [{ field: "outcomeCodes", message: "“No intervention needed” cannot be combined with another outcome." }],
    });
    expect(await alertRow(id)).toMatchObject({ status: "open", version: 1 });
  });

  test.each([
    ["no outcome", { outcomeCodes: [] }],
    ["an unknown outcome", { outcomeCodes: ["cured"] }],
    ["a note over 2000 characters", { outcomeCodes: ["self_care_advice"], note: "x".repeat(2001) }],
  ])("a resolve with %s is refused, nothing changes", async (_, extra) => {
    const id = await newAlert();
    signedInAs("nurseA1");
    const result = await actions.resolveAlert({ alertId: id, patientId: PATIENT.P1, expectedVersion: 1, ...extra });
    expect(result).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await alertRow(id)).toMatchObject({ status: "open", version: 1 });
  });
});

describe("acting, and the audit trail", () => {
  test("acknowledge, assign, note, resolve and reopen: each is recorded once with the alert and its patient", async () => {
    const id = await newAlert("P2");
    const target = { alertId: id, patientId: PATIENT.P2 };
    const mark = await auditMark();
    signedInAs("nurseA1");
    const acknowledged = await actions.acknowledgeAlert({ ...target, expectedVersion: 1 });
    expect(acknowledged).toMatchObject({
      ok: true,
      data: { alert: { status: "acknowledged", version: 2, assignee: { id: USER.nurseA1 } } },
    });
    const assigned = await actions.assignAlert({
      ...target,
      expectedVersion: 2,
      assigneeId: USER.oncologistA1,
      note: "Dr to call",
    });
    expect(assigned).toMatchObject({ ok: true, data: { alert: { assignee: { id: USER.oncologistA1 }, version: 3 } } });
    signedInAs("oncologistA1");
    expect(await actions.addAlertNote({ ...target, note: "Called, no answer" })).toMatchObject({ ok: true });
    const resolved = await actions.resolveAlert({
      ...target,
      expectedVersion: 3,
      outcomeCodes: ["unable_to_contact", "acute_oncology_referral"],
    });
    expect(resolved).toMatchObject({
      ok: true,
      data: { alert: { status: "resolved", outcomeCodes: ["unable_to_contact", "acute_oncology_referral"] } },
    });
    expect(await actions.reopenAlert({ ...target, expectedVersion: 4, note: "She called back" })).toMatchObject({
      ok: true,
      data: { alert: { status: "acknowledged", version: 5 } },
    });
    const events = await auditAfter(mark);
    expect(events.map((e) => [e.action, e.outcome, e.patient_id, e.resource_type, e.resource_id])).toEqual(
      ["alert_acknowledged", "alert_assigned", "alert_note_added", "alert_resolved", "alert_reopened"].map((action) => [
        action,
        "allowed",
        PATIENT.P2,
        "alert",
        id,
      ]),
    );
    // No clinical words in the audit trail: no note text, no outcome codes, no reasons.
    expect(JSON.stringify(events)).not.toMatch(/Called|unable_to_contact|Dr to call|She called/);
    for (const action of [
      "alert_acknowledged",
      "alert_assigned",
      "alert_note_added",
      "alert_resolved",
      "alert_reopened",
    ]) {
      expect(describeAccess(action)).not.toBe(action);
    }
  });

  test("two clinicians acknowledging at once: one succeeds, the other is told plainly who has it", async () => {
    const id = await newAlert("P1");
    signedInAs("nurseA1");
    const first = await actions.acknowledgeAlert({ alertId: id, patientId: PATIENT.P1, expectedVersion: 1 });
    expect(first.ok).toBe(true);
    signedInAs("oncologistA1");
    const second = await actions.acknowledgeAlert({ alertId: id, patientId: PATIENT.P1, expectedVersion: 1 });
    expect(second).toMatchObject({ ok: false, code: "conflict" });
    if (second.ok) throw new Error("unreachable");
    expect(second.error).toMatch(
      /^Your acknowledgement did not go through: this alert changed just before\. Staff nurseA1 acknowledged it at \d\d:\d\d\. It is assigned to Staff nurseA1\./,
    );
    expect(await alertRow(id)).toMatchObject({ status: "acknowledged", version: 2, assigned_to: USER.nurseA1 });
  });

  test("assigning to someone outside the alert's care team is refused with a sentence", async () => {
    const id = await newAlert("P1");
    signedInAs("oncologistA1");
    const result = await actions.assignAlert({
      alertId: id,
      patientId: PATIENT.P1,
      expectedVersion: 1,
      assigneeId: USER.nurseA2,
    });
    expect(result).toMatchObject({
      ok: false,
      code: "invalid_input",
      error: "Choose a colleague from the alert's care team.",
    });
  });
});

describe("the queue read and the poll", () => {
  test("the page's read records the view and one triage_queue_viewed per patient shown", async () => {
    signedInAs("oncologistA1");
    const user = await requireSession(["oncologist", "nurse"]);
    const mark = await auditMark();
    const data = await guarded(
      { user, allowedRoles: ["oncologist", "nurse"], auditAction: "triage_queue_viewed", resourceType: "triage_queue" },
      (ctx) => loadTriageQueue(ctx, { ...DEFAULT_QUEUE_STATE, size: 50 }, new Date()),
    );
    const patients = [...new Set(data.rows.map((r) => r.patientId))].sort();
    expect(patients).toEqual([PATIENT.P1, PATIENT.P2].sort());
    expect(data.teams).toEqual([{ id: TEAM.A1, name: "Team A1" }]);
    const events = await auditAfter(mark);
    const perPatient = events.filter((e) => e.patient_id !== null);
    expect(perPatient.map((e) => e.patient_id).sort()).toEqual(patients);
    expect(perPatient.every((e) => e.action === "triage_queue_viewed" && e.actor_user_id === USER.oncologistA1)).toBe(
      true,
    );
    const own = events.filter((e) => e.patient_id === null);
    expect(own).toEqual([
      expect.objectContaining({ action: "triage_queue_viewed", resource_type: "triage_queue", outcome: "allowed" }),
    ]);
    expect(describeAccess("triage_queue_viewed")).toBe("Saw an alert about you in the triage queue");
  });

  test("the poll brings a new alert and the state of shown ones, and audits the patients it shows", async () => {
    signedInAs("nurseA1");
    const since = new Date(Date.now() - 1000).toISOString();
    const id = await db.asOwner(async (o) => {
      await closeActiveAlerts(o, PATIENT.P1);
      return insertAlert(o, new Date(), {
        patientId: PATIENT.P1,
        careTeamId: TEAM.A1,
        severity: "red",
        dueIn: 30,
        raisedAgo: 0,
      });
    });
    const mark = await auditMark();
    const response = await pollChanges(
      new Request(`http://localhost/api/triage/changes?since=${encodeURIComponent(since)}&ids=${id}&severity=red`),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      now: string;
      added: { id: string }[];
      updated: { id: string; status: string }[];
      total: number;
      overdue: number;
    };
    expect(body.added.map((r) => r.id)).toContain(id);
    expect(body.updated).toEqual([expect.objectContaining({ id, status: "open" })]);
    expect(typeof body.now).toBe("string");
    const events = await auditAfter(mark);
    expect(events.map((e) => [e.action, e.patient_id])).toEqual(
      expect.arrayContaining([
        ["triage_queue_checked", null],
        ["triage_queue_viewed", PATIENT.P1],
      ]),
    );
  });

  test("the poll refuses the signed out, admins, patients and malformed queries", async () => {
    const poll = (query = "") => pollChanges(new Request(`http://localhost/api/triage/changes${query}`));
    signedInAs(null);
    expect((await poll()).status).toBe(401);
    signedInAs("adminA");
    expect((await poll()).status).toBe(403);
    signedInAs("patientP1");
    expect((await poll()).status).toBe(403);
    signedInAs("nurseA1");
    expect((await poll("?ids=not-a-uuid")).status).toBe(400);
    expect((await poll("?since=yesterday")).status).toBe(400);
    expect((await poll("?unknown=1")).status).toBe(400);
    expect((await poll(`?ids=${Array.from({ length: 101 }, () => PATIENT.P1).join(",")}`)).status).toBe(400);
    expect((await poll("?severity=purple")).status).toBe(200); // an unknown view value falls back to the default view
  });
});
