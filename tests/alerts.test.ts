/**
 * The triage queue and the alert actions against the database, as the runtime role under row-level
 * security (db/queries/alerts.ts), on PGlite and PostgreSQL:
 * - the queue's order (red first, open before acknowledged, least time left), sorts, filters,
 *   counts and stable pagination;
 * - consent: a clinician sees no alert of a patient who has not consented (or who denies them
 *   `alerts`), nothing of another team or organisation, and a withheld name stays withheld;
 * - transitions: acknowledge, assign, note, resolve with outcome codes, reopen; refused from the
 *   wrong state, for the wrong patient, or by someone who may not see the alert;
 * - concurrency: two clinicians acknowledging (or resolving) the same alert at once, exactly one wins
 *   and the other is told the alert's current state;
 * - the team lead's overdue list, and the poll that brings new alerts to an open queue.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { Tx } from "../db/client";
import {
  type AlertChangeResult,
  acknowledgeAlert,
  addAlertNote,
  assignAlert,
  reopenAlert,
  resolveAlert,
} from "../db/queries/alert-actions";
import { listAlertEvents } from "../db/queries/alert-history";
import { listTriageQueue, queueChangesSince } from "../db/queries/alert-queue";
import { findAlertRow } from "../db/queries/alert-rows";
import { listAssignableColleagues, listOverdueForLead } from "../db/queries/alert-team";
import * as t from "../db/schema";
import { DEFAULT_QUEUE_STATE, type QueueState } from "../lib/alerts/queue-state";
import { AppError } from "../lib/errors";
import { insertAlert, insertPatientLike, type NewAlert } from "./support/alerts";
import { rowsOf } from "./support/database";
import {
  as,
  insertPatientWithRecords,
  ORG,
  PATIENT,
  RECORDS,
  STAFF,
  TEAM,
  USER,
  type UserKey,
} from "./support/fixtures";
import { signal } from "./support/signal";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("alerts");
const NOW = new Date();
const MINUTE = 60_000;

/** P5: team A1, no consent rule at all. P6: team A1, consents to `alerts` only (name withheld). */
const P5 = randomUUID();
const P6 = randomUUID();

beforeAll(async () => {
  await db.asOwner(async (owner) => {
    for (const [id, label] of [
      [P5, "P5"],
      [P6, "P6"],
    ] as const) {
      await insertPatientWithRecords(owner, {
        id,
        label,
        organisationId: ORG.A,
        careTeamId: TEAM.A1,
        clinicianId: USER.oncologistA1,
      });
    }
    await owner.insert(t.consentRules).values({
      patientId: P6,
      granteeCareTeamId: TEAM.A1,
      effect: "allow",
      categories: ["alerts"],
      validFrom: new Date(NOW.getTime() - 24 * 60 * MINUTE),
    });
  });
});

function teamsOf(key: UserKey): string[] {
  if (key === "patientP1") return [];
  return STAFF[key].memberships
    .filter((m) => m.role !== "admin" && m.team)
    .map((m) => TEAM[m.team as keyof typeof TEAM]);
}

const state = (patch: Partial<QueueState> = {}): QueueState => ({ ...DEFAULT_QUEUE_STATE, ...patch });

function queue(key: UserKey, patch: Partial<QueueState> = {}, now = NOW) {
  return as(db, USER[key], (tx) =>
    listTriageQueue(tx, { state: state(patch), userId: USER[key], teamIds: teamsOf(key), now }),
  );
}

const alert = (a: NewAlert) => db.asOwner((owner) => insertAlert(owner, NOW, a));

/**
 * A patient like `like` (same team, names and consent) for one more active alert: a patient has at
 * most one active alert, and every fixture patient's is already open.
 */
const patientLike = (like: string, label: string) => db.asOwner((owner) => insertPatientLike(owner, like, label));

async function errorOf(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
    return "ok";
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
}

async function versionOf(alertId: string): Promise<number> {
  const [row] = await db.asOwner((o) =>
    rowsOf<{ version: number }>(o, sql`select version from alerts where id = ${alertId}`),
  );
  return Number(row.version);
}

const target = (key: UserKey, alertId: string, patientId: string, expectedVersion: number) => ({
  alertId,
  patientId,
  expectedVersion,
  userId: USER[key],
  now: new Date(),
});

describe("the queue's order, sorts, filters, counts and pages", () => {
  const ids: Record<string, string> = {};
  const patients: Record<string, string> = {};

  beforeAll(async () => {
    // Team A2 gets its own set so team A1's fixture alerts do not interfere with exact orders. Each
    // active alert is of its own patient like P3 (one active alert a patient); the resolved one is P3's.
    const P3 = PATIENT.P3;
    const A2 = TEAM.A2;
    const like = async (label: string) => {
      patients[label] = await patientLike(P3, label);
      return patients[label];
    };
    ids.redSoon = await alert({ patientId: await like("redSoon"), careTeamId: A2, severity: "red", dueIn: 20 });
    ids.redSooner = await alert({ patientId: await like("redSooner"), careTeamId: A2, severity: "red", dueIn: 5 });
    ids.redOverdue = await alert({
      patientId: await like("redOverdue"),
      careTeamId: A2,
      severity: "red",
      dueIn: -10,
      raisedAgo: 40,
    });
    ids.redAcknowledged = await alert({
      patientId: await like("redAcknowledged"),
      careTeamId: A2,
      severity: "red",
      status: "acknowledged",
      dueIn: -100,
      assignedTo: USER.nurseA2,
    });
    ids.amberOpen = await alert({
      patientId: await like("amberOpen"),
      careTeamId: A2,
      severity: "amber",
      dueIn: 100,
      raisedAgo: 1,
    });
    ids.amberOverdue = await alert({
      patientId: await like("amberOverdue"),
      careTeamId: A2,
      severity: "amber",
      dueIn: -1,
      raisedAgo: 480,
    });
    ids.amberAcknowledged = await alert({
      patientId: await like("amberAcknowledged"),
      careTeamId: A2,
      severity: "amber",
      status: "acknowledged",
      dueIn: -300,
      assignedTo: USER.nurseA2,
    });
    ids.resolved = await alert({
      patientId: P3,
      careTeamId: A2,
      severity: "red",
      status: "resolved",
      dueIn: -1000,
      raisedAgo: 1100,
      assignedTo: USER.nurseA2,
    });
    ids.fixture = RECORDS.P3.alert; // amber, open, due in about 4 hours
  });

  test("red first, open before acknowledged, then the least time left; resolved alerts are not in the queue", async () => {
    const page = await queue("nurseA2");
    expect(page.rows.map((r) => r.id)).toEqual([
      ids.redOverdue,
      ids.redSooner,
      ids.redSoon,
      ids.redAcknowledged,
      ids.amberOverdue,
      ids.amberOpen,
      ids.fixture,
      ids.amberAcknowledged,
    ]);
    expect(page.total).toBe(8);
    expect(page.overdue).toBe(2);
    // The tab's title counts the open red alerts: acknowledged ones and amber ones are in hand or can wait.
    expect(page.redOpen).toBe(3);
    expect((await queue("nurseA2", { severity: "amber", status: "resolved" })).redOpen).toBe(3);
  });

  test("rows carry what the table shows: names, team, reasons, times and version", async () => {
    const page = await queue("nurseA2");
    const row = page.rows.find((r) => r.id === ids.redAcknowledged);
    expect(row).toMatchObject({
      patientId: patients.redAcknowledged,
      patient: { name: "GivenP3zq FamilyP3zq", hospitalNumber: "HN-P3-zq-redAcknowledged" },
      careTeamId: TEAM.A2,
      careTeamName: "Team A2",
      severity: "red",
      status: "acknowledged",
      assignee: { id: USER.nurseA2, name: "Staff nurseA2" },
      acknowledgedBy: { id: USER.nurseA2, name: "Staff nurseA2" },
      version: 2,
    });
    expect(new Date(row?.dueAt ?? "").getTime()).toBe(NOW.getTime() - 100 * MINUTE);
    expect(row?.reasons).toHaveLength(1);
  });

  test("each sort, both ways, ends in a stable order", async () => {
    const timeLeft = await queue("nurseA2", { sort: "timeLeft", dir: "asc" });
    const due = timeLeft.rows.map((r) => new Date(r.dueAt).getTime());
    expect(due).toEqual([...due].sort((a, b) => a - b));
    const raised = await queue("nurseA2", { sort: "raisedAt", dir: "desc" });
    const raisedTimes = raised.rows.map((r) => new Date(r.raisedAt).getTime());
    expect(raisedTimes).toEqual([...raisedTimes].sort((a, b) => b - a));
    const amberFirst = await queue("nurseA2", { sort: "severity", dir: "asc" });
    expect(amberFirst.rows[0].severity).toBe("amber");
    expect(amberFirst.rows.at(-1)?.severity).toBe("red");
    const byStatus = await queue("nurseA2", { sort: "status", dir: "desc" });
    expect(byStatus.rows[0].status).toBe("acknowledged");
    const byPatient = await queue("oncologistA1", { sort: "patient", dir: "asc" });
    const names = byPatient.rows.map((r) => r.patient?.name ?? "\uffff");
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
    expect(byPatient.rows.at(-1)?.patient).toBeNull(); // a withheld name sorts last
  });

  test("filters: severity, status, overdue, assigned to me, care team", async () => {
    expect((await queue("nurseA2", { severity: "red" })).rows.map((r) => r.id)).toEqual([
      ids.redOverdue,
      ids.redSooner,
      ids.redSoon,
      ids.redAcknowledged,
    ]);
    const overdue = await queue("nurseA2", { overdue: true });
    expect(overdue.rows.map((r) => r.id)).toEqual([ids.redOverdue, ids.amberOverdue]);
    expect(overdue.total).toBe(2);
    expect((await queue("nurseA2", { status: "acknowledged" })).rows.map((r) => r.id)).toEqual([
      ids.redAcknowledged,
      ids.amberAcknowledged,
    ]);
    expect((await queue("nurseA2", { status: "open" })).total).toBe(6);
    const resolved = await queue("nurseA2", { status: "resolved" });
    expect(resolved.rows.map((r) => r.id)).toEqual([ids.resolved]);
    expect(resolved.overdue).toBe(2); // the count at the top is the team's, whatever the view
    expect((await queue("nurseA2", { mine: true })).rows.map((r) => r.id)).toEqual([
      ids.redAcknowledged,
      ids.amberAcknowledged,
    ]);
    expect((await queue("nurseA2", { team: TEAM.A2 })).total).toBe(8);
    // A team the user is not in narrows the queue to nothing, rather than widening it.
    expect(await queue("nurseA2", { team: TEAM.A1 })).toEqual({ rows: [], total: 0, overdue: 0, redOpen: 0 });
    expect((await queue("nurseA2", { severity: "amber", overdue: true })).rows.map((r) => r.id)).toEqual([
      ids.amberOverdue,
    ]);
  });

  test("pages are disjoint, cover the whole queue in order, and a page past the end is empty", async () => {
    const all = (await queue("nurseA2", { size: 50 })).rows.map((r) => r.id);
    const pages = [];
    for (let page = 1; page <= 3; page++) pages.push(await queue("nurseA2", { size: 10, page }));
    // 8 rows: one page of 10; with size 10 and page 2 there is nothing.
    expect(pages[0].rows.map((r) => r.id)).toEqual(all);
    expect(pages[1].rows).toEqual([]);
    expect(pages[1].total).toBe(8);
    // Five more alerts make two pages of 10 that together are the whole queue.
    for (let i = 0; i < 5; i++) {
      await alert({ patientId: await patientLike(PATIENT.P3, `page${i}`), careTeamId: TEAM.A2, dueIn: 200 + i });
    }
    const whole = (await queue("nurseA2", { size: 50 })).rows.map((r) => r.id);
    const first = (await queue("nurseA2", { size: 10, page: 1 })).rows.map((r) => r.id);
    const second = (await queue("nurseA2", { size: 10, page: 2 })).rows.map((r) => r.id);
    expect([...first, ...second]).toEqual(whole);
    expect(new Set([...first, ...second]).size).toBe(13);
  });

  test("time moves on: an open alert becomes overdue and is counted", async () => {
    const later = new Date(NOW.getTime() + 30 * MINUTE);
    const page = await queue("nurseA2", { overdue: true }, later);
    expect(page.rows.map((r) => r.id)).toEqual(
      expect.arrayContaining([ids.redOverdue, ids.redSooner, ids.redSoon, ids.amberOverdue]),
    );
    expect(page.overdue).toBe(4);
  });
});

describe("consent decides whose alerts a clinician sees", () => {
  test("team A1 sees the alerts of its consenting patients, and the name only where demographics are shared", async () => {
    const page = await queue("oncologistA1", { size: 50 });
    const patients = new Set(page.rows.map((r) => r.patientId));
    expect(patients).toEqual(new Set([PATIENT.P1, PATIENT.P2, P6]));
    const withheld = page.rows.find((r) => r.patientId === P6);
    expect(withheld?.patient).toBeNull();
    expect(JSON.stringify(page)).not.toContain("GivenP6zq");
  });

  test("a patient without a consent rule: none of their alerts, although routed to the team", async () => {
    // P5's fixture alert is active; an overdue red one goes to a patient like P5 (no consent rule either).
    const P5b = await patientLike(P5, "overdue");
    await alert({ patientId: P5b, careTeamId: TEAM.A1, severity: "red", dueIn: -5 });
    for (const key of ["oncologistA1", "nurseA1", "adminOncologistA"] as const) {
      const page = await queue(key, { size: 50 });
      expect(
        page.rows.some((r) => r.patientId === P5 || r.patientId === P5b),
        key,
      ).toBe(false);
      const overdue = await queue(key, { overdue: true, size: 50 });
      expect(
        overdue.rows.some((r) => r.patientId === P5 || r.patientId === P5b),
        key,
      ).toBe(false);
    }
    // The owner sees it is there.
    const [{ n }] = await db.asOwner((o) =>
      rowsOf<{ n: number }>(o, sql`select count(*)::int as n from alerts where patient_id in (${P5}, ${P5b})`),
    );
    expect(n).toBe(2);
  });

  test("a deny rule on `alerts` hides every alert of that patient from the clinician it names, and only from them", async () => {
    const deny = randomUUID();
    await db.asOwner((o) =>
      o.insert(t.consentRules).values({
        id: deny,
        patientId: PATIENT.P1,
        granteeUserId: USER.nurseA1,
        effect: "deny",
        categories: ["alerts"],
        validFrom: new Date(NOW.getTime() - MINUTE),
      }),
    );
    try {
      expect((await queue("nurseA1", { size: 50 })).rows.some((r) => r.patientId === PATIENT.P1)).toBe(false);
      expect((await queue("oncologistA1", { size: 50 })).rows.some((r) => r.patientId === PATIENT.P1)).toBe(true);
      // Nor can the denied clinician act on it: the alert does not exist for them.
      const alertId = RECORDS.P1.alert;
      expect(
        await errorOf(() =>
          as(db, USER.nurseA1, (tx) => acknowledgeAlert(tx, target("nurseA1", alertId, PATIENT.P1, 1))),
        ),
      ).toBe("not_found");
    } finally {
      await db.asOwner((o) => o.execute(sql`update consent_rules set revoked_at = now() where id = ${deny}`));
    }
  });

  test("other teams, other organisations, admins without a clinical role and patients see no queue", async () => {
    // Team A2's patients: P3 and the patients like P3 the queue tests added.
    const teamA2 = await db.asOwner((o) =>
      rowsOf<{ id: string }>(o, sql`select id from patients where primary_care_team_id = ${TEAM.A2}`),
    );
    const a2Patients = new Set(teamA2.map((r) => r.id));
    expect(a2Patients.has(PATIENT.P3)).toBe(true);
    const a2 = await queue("nurseA2", { size: 50 });
    expect(a2.rows.every((r) => a2Patients.has(r.patientId))).toBe(true);
    const b = await queue("nurseB", { size: 50 });
    expect(b.rows.map((r) => r.patientId)).toEqual([PATIENT.P4]);
    expect(await queue("adminA")).toEqual({ rows: [], total: 0, overdue: 0, redOpen: 0 });
    // Even handed team A1's id, the A2 nurse reads nothing of A1's patients: the policy decides.
    const spoofed = await as(db, USER.nurseA2, (tx) =>
      listTriageQueue(tx, { state: state({ size: 50 }), userId: USER.nurseA2, teamIds: [TEAM.A1, TEAM.A2], now: NOW }),
    );
    expect(spoofed.rows.every((r) => a2Patients.has(r.patientId))).toBe(true);
  });
});

describe("acting on an alert", () => {
  test("acknowledge takes ownership; a second acknowledge with the old version is a conflict naming who did it", async () => {
    const pP1 = await patientLike(PATIENT.P1, "ack");
    const id = await alert({ patientId: pP1, careTeamId: TEAM.A1, severity: "red", dueIn: 10 });
    const first = await as(db, USER.nurseA1, (tx) => acknowledgeAlert(tx, target("nurseA1", id, pP1, 1)));
    expect(first.status).toBe("changed");
    expect(first.alert).toMatchObject({
      status: "acknowledged",
      version: 2,
      assignee: { id: USER.nurseA1 },
      acknowledgedBy: { id: USER.nurseA1, name: "Staff nurseA1" },
    });
    const second = await as(db, USER.oncologistA1, (tx) => acknowledgeAlert(tx, target("oncologistA1", id, pP1, 1)));
    expect(second).toMatchObject({
      status: "conflict",
      alert: { status: "acknowledged", version: 2, acknowledgedBy: { id: USER.nurseA1 } },
    });
    // With the current version the action is simply not possible any more.
    const third = await as(db, USER.oncologistA1, (tx) => acknowledgeAlert(tx, target("oncologistA1", id, pP1, 2)));
    expect(third.status).toBe("not_allowed");
    expect(await versionOf(id)).toBe(2);
    const events = await as(db, USER.oncologistA1, (tx) => listAlertEvents(tx, { alertId: id }));
    expect(events.map((e) => [e.kind, e.by.id])).toEqual([["acknowledged", USER.nurseA1]]);
  });

  test("the whole path: assign, note, resolve with outcome codes, reopen, resolve again", async () => {
    const pP2 = await patientLike(PATIENT.P2, "path");
    const id = await alert({ patientId: pP2, careTeamId: TEAM.A1, severity: "red", dueIn: 10 });
    const asOnc = <T>(work: (tx: Tx) => Promise<T>) => as(db, USER.oncologistA1, work);
    const assigned = await asOnc((tx) =>
      assignAlert(tx, {
        ...target("oncologistA1", id, pP2, 1),
        assigneeId: USER.nurseA1,
        note: "Please phone her",
      }),
    );
    expect(assigned).toMatchObject({
      status: "changed",
      alert: {
        status: "open",
        version: 2,
        assignee: { id: USER.nurseA1 },
        latestNote: { by: { id: USER.oncologistA1, name: "Staff oncologistA1" }, text: "Please phone her" },
      },
    });
    const noted = await asOnc((tx) =>
      addAlertNote(tx, {
        alertId: id,
        patientId: pP2,
        userId: USER.oncologistA1,
        note: "  Tried once, no answer  ",
        now: new Date(),
      }),
    );
    expect(noted.alert.version).toBe(2); // a note changes nothing on the alert
    // ... but it is the alert's latest note now, on every screen that reads the alert.
    expect(noted.alert.latestNote).toMatchObject({ by: { id: USER.oncologistA1 }, text: "Tried once, no answer" });
    const [onQueue] = (await queue("nurseA1", { size: 50 })).rows.filter((r) => r.id === id);
    expect(onQueue.latestNote).toEqual(noted.alert.latestNote);
    const resolved = await as(db, USER.nurseA1, (tx) =>
      resolveAlert(tx, {
        ...target("nurseA1", id, pP2, 2),
        outcomeCodes: ["self_care_advice", "acute_oncology_referral"],
        note: "Seen in AOS",
      }),
    );
    expect(resolved).toMatchObject({
      status: "changed",
      alert: {
        status: "resolved",
        version: 3,
        resolvedBy: { id: USER.nurseA1 },
        acknowledgedBy: { id: USER.nurseA1 }, // resolved straight from open: that was the response
        outcomeCodes: ["self_care_advice", "acute_oncology_referral"],
      },
    });
    expect(resolved.alert.resolvedAt).not.toBeNull();
    const reopened = await asOnc((tx) =>
      reopenAlert(tx, { ...target("oncologistA1", id, pP2, 3), note: "Called back: worse" }),
    );
    expect(reopened).toMatchObject({
      status: "changed",
      alert: {
        status: "acknowledged",
        version: 4,
        resolvedBy: null,
        resolvedAt: null,
        outcomeCodes: [],
        assignee: { id: USER.oncologistA1 },
      },
    });
    const again = await asOnc((tx) =>
      resolveAlert(tx, { ...target("oncologistA1", id, pP2, 4), outcomeCodes: ["emergency_services"] }),
    );
    expect(again.alert).toMatchObject({ status: "resolved", version: 5, outcomeCodes: ["emergency_services"] });
    // Resolved without a note: the latest note is still the one given when it was reopened.
    expect(again.alert.latestNote).toMatchObject({ by: { id: USER.oncologistA1 }, text: "Called back: worse" });
    const events = await asOnc((tx) => listAlertEvents(tx, { alertId: id }));
    expect(events.map((e) => e.kind)).toEqual(["assigned", "note", "resolved", "reopened", "resolved"]);
    expect(events[1].note).toBe("Tried once, no answer");
    expect(events[2]).toMatchObject({
      outcomeCodes: ["self_care_advice", "acute_oncology_referral"],
      note: "Seen in AOS",
    });
  });

  test("refusals: wrong state, wrong patient, a colleague of another team, an empty note, no outcome", async () => {
    const pP1 = await patientLike(PATIENT.P1, "refusals");
    const id = await alert({ patientId: pP1, careTeamId: TEAM.A1, dueIn: 60 });
    const asOnc = <T>(work: (tx: Tx) => Promise<T>) => as(db, USER.oncologistA1, work);
    expect((await asOnc((tx) => reopenAlert(tx, target("oncologistA1", id, pP1, 1)))).status).toBe("not_allowed");
    // The alert is of the patient like P1: naming P2 (whose consent was checked) finds nothing.
    expect(await errorOf(() => asOnc((tx) => acknowledgeAlert(tx, target("oncologistA1", id, PATIENT.P2, 1))))).toBe(
      "not_found",
    );
    expect(
      await errorOf(() =>
        asOnc((tx) => assignAlert(tx, { ...target("oncologistA1", id, pP1, 1), assigneeId: USER.nurseA2 })),
      ),
    ).toBe("invalid_input");
    expect(
      await errorOf(() =>
        asOnc((tx) => assignAlert(tx, { ...target("oncologistA1", id, pP1, 1), assigneeId: USER.adminA })),
      ),
    ).toBe("invalid_input");
    expect(
      await errorOf(() =>
        asOnc((tx) =>
          addAlertNote(tx, { alertId: id, patientId: pP1, userId: USER.oncologistA1, note: "   ", now: NOW }),
        ),
      ),
    ).toBe("invalid_input");
    expect(
      await errorOf(() => asOnc((tx) => resolveAlert(tx, { ...target("oncologistA1", id, pP1, 1), outcomeCodes: [] }))),
    ).toBe("invalid_input");
    // Another team's clinician cannot see it, so cannot act on it or note it.
    expect(await errorOf(() => as(db, USER.nurseA2, (tx) => acknowledgeAlert(tx, target("nurseA2", id, pP1, 1))))).toBe(
      "not_found",
    );
    expect(
      await errorOf(() =>
        as(db, USER.nurseA2, (tx) =>
          addAlertNote(tx, { alertId: id, patientId: pP1, userId: USER.nurseA2, note: "x", now: NOW }),
        ),
      ),
    ).toBe("not_found");
    expect(await versionOf(id)).toBe(1);
  });

  test("whom an alert may be assigned to: the active clinicians of its team", async () => {
    const colleagues = await as(db, USER.oncologistA1, (tx) => listAssignableColleagues(tx, { teamIds: [TEAM.A1] }));
    expect(colleagues.map((c) => c.id).sort()).toEqual([USER.oncologistA1, USER.nurseA1, USER.adminOncologistA].sort());
    expect(colleagues.find((c) => c.id === USER.nurseA1)).toMatchObject({
      name: "Staff nurseA1",
      roles: ["nurse"],
      teamIds: [TEAM.A1],
    });
  });
});

describe("two clinicians at once", () => {
  async function race(work: (key: UserKey, tx: Tx) => Promise<AlertChangeResult>) {
    const keys = ["nurseA1", "oncologistA1"] as const;
    if (db.engine === "postgres") {
      // Both UPDATEs must really overlap: the first holds its row lock until the second is waiting.
      const held = signal();
      const updated = signal();
      const first = as(db, USER[keys[0]], async (tx) => {
        const result = await work(keys[0], tx);
        updated.resolve();
        await held.promise;
        return result;
      });
      await updated.promise;
      const second = as(db, USER[keys[1]], (tx) => work(keys[1], tx));
      await new Promise((r) => setTimeout(r, 200));
      held.resolve();
      return Promise.all([first, second]);
    }
    return Promise.all(keys.map((key) => as(db, USER[key], (tx) => work(key, tx))));
  }

  test("two transactions acknowledging the same alert: exactly one wins, the other sees the winner's state", async () => {
    for (let round = 0; round < 3; round++) {
      const pP1 = await patientLike(PATIENT.P1, `race${round}`);
      const id = await alert({ patientId: pP1, careTeamId: TEAM.A1, severity: "red", dueIn: 15 });
      const results = await race((key, tx) => acknowledgeAlert(tx, target(key, id, pP1, 1)));
      const winners = results.filter((r) => r.status === "changed");
      const losers = results.filter((r) => r.status === "conflict");
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(losers[0].alert.acknowledgedBy?.id).toBe(winners[0].alert.acknowledgedBy?.id);
      expect(losers[0].alert.version).toBe(2);
      expect(await versionOf(id)).toBe(2);
      const [{ n }] = await db.asOwner((o) =>
        rowsOf<{ n: number }>(o, sql`select count(*)::int as n from alert_events where alert_id = ${id}`),
      );
      expect(n).toBe(1);
    }
  });

  test("two clinicians resolving with different outcomes: one outcome is recorded, not a mixture", async () => {
    const pP2 = await patientLike(PATIENT.P2, "race");
    const id = await alert({ patientId: pP2, careTeamId: TEAM.A1, severity: "amber", dueIn: 60 });
    const codes = {
      nurseA1: ["self_care_advice"],
      oncologistA1: ["treatment_modified", "acute_oncology_referral"],
    } as const;
    const results = await race((key, tx) =>
      resolveAlert(tx, { ...target(key, id, pP2, 1), outcomeCodes: [...codes[key as keyof typeof codes]] }),
    );
    expect(results.map((r) => r.status).sort()).toEqual(["changed", "conflict"]);
    const winner = results.find((r) => r.status === "changed") as AlertChangeResult;
    const stored = await as(db, USER.oncologistA1, (tx) => findAlertRow(tx, { alertId: id }));
    expect(stored?.outcomeCodes).toEqual(winner.alert.outcomeCodes);
    expect(stored?.version).toBe(2);
  });
});

describe("the team lead's overdue list", () => {
  test("lists every overdue open alert of the teams the caller leads, whoever has it; nothing for others", async () => {
    await db.asOwner((o) =>
      o.execute(
        sql`update staff_memberships set is_team_lead = true where user_id = ${USER.oncologistA1} and care_team_id = ${TEAM.A1}`,
      ),
    );
    const mine = await alert({
      patientId: await patientLike(PATIENT.P2, "leadMine"),
      careTeamId: TEAM.A1,
      severity: "amber",
      dueIn: -120,
      assignedTo: USER.nurseA1,
    });
    const worse = await alert({
      patientId: await patientLike(PATIENT.P1, "leadWorse"),
      careTeamId: TEAM.A1,
      severity: "red",
      dueIn: -600,
    });
    const acknowledged = await alert({
      patientId: await patientLike(PATIENT.P1, "leadAcknowledged"),
      careTeamId: TEAM.A1,
      severity: "red",
      status: "acknowledged",
      dueIn: -900,
      assignedTo: USER.nurseA1,
    });
    const lead = await as(db, USER.oncologistA1, (tx) =>
      listOverdueForLead(tx, { userId: USER.oncologistA1, now: NOW }),
    );
    expect(lead.teams).toEqual([{ id: TEAM.A1, name: "Team A1" }]);
    const ids = lead.rows.map((r) => r.id);
    expect(ids.indexOf(worse)).toBeLessThan(ids.indexOf(mine)); // longest overdue first
    expect(ids).not.toContain(acknowledged);
    expect(lead.rows.every((r) => r.status === "open" && new Date(r.dueAt) < NOW)).toBe(true);
    expect(lead.rows.some((r) => r.patientId === P5)).toBe(false); // consent still applies
    expect(lead.total).toBe(lead.rows.length);
    const notLead = await as(db, USER.nurseA1, (tx) => listOverdueForLead(tx, { userId: USER.nurseA1, now: NOW }));
    expect(notLead).toEqual({ teams: [], rows: [], total: 0 });
  });
});

describe("the poll", () => {
  test("brings alerts raised since the last answer, the current state of shown rows, and fresh counts", async () => {
    const before = await queue("nurseA2", { size: 50 });
    const shown = before.rows.slice(0, 2).map((r) => r.id);
    const newcomer = await patientLike(PATIENT.P3, "poll");
    const since = new Date();
    /** What `key`'s poll of their team's queue in view `view`, showing rows `ids`, is told since `since`. */
    const changesSince = (key: UserKey, team: string, view: QueueState, ids: string[]) =>
      as(db, USER[key], (tx) =>
        queueChangesSince(tx, { state: view, userId: USER[key], teamIds: [team], now: new Date(), since, ids }),
      );
    const fresh = await db.asOwner((o) =>
      insertAlert(o, new Date(since.getTime() + 1000), {
        patientId: newcomer,
        careTeamId: TEAM.A2,
        severity: "red",
        dueIn: 30,
        raisedAgo: -0.5,
      }),
    );
    await as(db, USER.nurseA2, (tx) =>
      acknowledgeAlert(tx, target("nurseA2", shown[0], before.rows[0].patientId, before.rows[0].version)),
    );
    const changes = await changesSince("nurseA2", TEAM.A2, state(), shown);
    expect(changes.added.map((r) => r.id)).toContain(fresh);
    expect(changes.updated.map((r) => r.id).sort()).toEqual([...shown].sort());
    expect(changes.updated.find((r) => r.id === shown[0])?.status).toBe("acknowledged");
    expect(changes.total).toBe(before.total + 1);
    // One red alert more, and one fewer open if the acknowledged one was an open red one.
    const acknowledgedRed = before.rows[0].severity === "red" && before.rows[0].status === "open" ? 1 : 0;
    expect(changes.redOpen).toBe(before.redOpen + 1 - acknowledgedRed);
    // A filtered view gets only the new alerts that match it.
    const amberOnly = await changesSince("nurseA2", TEAM.A2, state({ severity: "amber" }), []);
    expect(amberOnly.added.map((r) => r.id)).not.toContain(fresh);
    // Another team's nurse is told nothing of it, even naming it.
    const other = await changesSince("nurseA1", TEAM.A1, state(), [fresh]);
    expect(other.added.map((r) => r.id)).not.toContain(fresh);
    expect(other.updated).toEqual([]);
  });
});
