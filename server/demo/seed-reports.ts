/**
 * Eight weeks of daily symptom reports for the demo patients, graded with the real PRO-CTCAE
 * composite table and triaged with the real rules, so the charts show believable courses and the
 * triage queue holds a handful of open red and amber alerts.
 *
 * - Every patient is on 21-day cycles (started on different days): nausea, poor appetite and
 *   tiredness peak in the days after each treatment day, mouth sores a week later.
 * - Some patients have one febrile episode around the nadir (temperature 38 C or more, shivering).
 * - Some have a steadily rising numbness or tingling (neuropathy) over the eight weeks.
 * - Alerts older than ten days were handled and resolved with outcome codes; newer ones are still
 *   open, or acknowledged when more than two days old. A patient has one active alert at a time:
 *   later amber and red reports join it (./seed-episodes.ts).
 *
 * Deterministic (a seeded PRNG and stable ids) and run as the owner, after `seedDemoData`.
 * Idempotent: a patient who already has any report is left alone.
 */
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import * as t from "@/db/schema";
import { stableId } from "@/db/stable-id";
import type { SymptomCode } from "@/lib/grading/items";
import { prng } from "@/lib/prng";
import { answersFromValues } from "@/lib/reports/answer-values";
import { gradeReport, type ReportAnswers } from "@/lib/reports/validation";
import type { RedFlag } from "@/lib/triage/red-flags";
import { DEFAULT_TRIAGE_SETTINGS, triageReport } from "@/lib/triage/rules";
import {
  DEMO_CONSENT_EXPIRED_DAYS_AGO,
  DEMO_EXPIRED_PATIENT_INDEX,
  DEMO_ORG_ID,
  DEMO_PATIENT_COUNT,
  DEMO_TEAMS,
  demoPatientId,
  demoPatientsWithout,
  demoStaffId,
} from "./seed";
import { DemoEpisodes, outcomeFor } from "./seed-episodes";

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
/** Eight weeks, the last day being today. */
export const DEMO_REPORT_DAYS = 56;
export const DEMO_CYCLE_DAYS = 21;
const CYCLE_DAYS = DEMO_CYCLE_DAYS;
/** Alerts raised within this many days are still being handled; older ones are resolved. */
const OPEN_ALERT_DAYS = 10;
/** Unresolved alerts older than this have been acknowledged. */
const ACKNOWLEDGED_AFTER_DAYS = 2;

/** How each handled alert ended (eSMART / ASyMS outcome codes). */
export const DEMO_OUTCOME_CODES = [
  "self_care_advice",
  "acute_oncology_referral",
  "emergency_services",
  "patient_not_contacted",
  "unable_to_contact",
  "no_intervention_needed",
] as const;

/**
 * Patients whose numbness or tingling (neuropathy) worsens through the eight weeks: from each day
 * on, the severity and interference answers. Composite grades go 0, 1, then 2 (amber) or 3 (red)
 * only in the last days, so the rise shows in the charts without flooding the queue.
 */
const NEUROPATHY: Record<number, [fromDay: number, answers: number[]][]> = {
  4: [
    [5, [1, 0]],
    [16, [1, 1]],
    [29, [2, 1]],
    [52, [2, 2]],
    [55, [3, 3]],
  ],
  13: [
    [3, [1, 0]],
    [14, [1, 1]],
    [27, [2, 1]],
    [53, [2, 2]],
  ],
  22: [
    [14, [1, 0]],
    [33, [1, 1]],
    [47, [2, 1]],
  ],
  31: [
    [9, [1, 0]],
    [22, [2, 0]],
    [37, [2, 1]],
    [54, [3, 1]],
  ],
};
/** Patients with one febrile episode. */
const FEBRILE = new Set([2, 7, 12, 17, 22, 27, 32, 37]);

/** Values in the item's attribute order; after a 0 first answer the rest are skipped (null), as on the form. */
function item(...values: number[]): number[] {
  return values;
}

export type DemoProfile = {
  firstCycleDay: number;
  nauseaProne: number;
  fatigueProne: number;
  thermometer: boolean;
  febrileDay: number | null;
  breathlessDay: number | null;
};

/** The seeded random stream of demo patient `index`: profile first, then the daily reports. */
function demoRandom(index: number): () => number {
  return prng(0x5e7a + index * 7919);
}

/** Demo patient `index`'s course (first cycle day, febrile episode...), as their reports follow it. */
export function demoProfile(index: number): DemoProfile {
  return profileFor(index, demoRandom(index));
}

function profileFor(index: number, random: () => number): DemoProfile {
  const firstCycleDay = -Math.floor(random() * CYCLE_DAYS);
  const cycleStarts = Array.from({ length: 4 }, (_, k) => firstCycleDay + k * CYCLE_DAYS).filter(
    (day) => day + 9 < DEMO_REPORT_DAYS && day + 7 >= 0,
  );
  const febrileCycle = cycleStarts[Math.floor(random() * cycleStarts.length)];
  return {
    firstCycleDay,
    nauseaProne: 0.35 + random() * 0.65,
    fatigueProne: random(),
    thermometer: FEBRILE.has(index) || random() < 0.6,
    febrileDay: FEBRILE.has(index) && febrileCycle !== undefined ? febrileCycle + 7 + Math.floor(random() * 3) : null,
    breathlessDay: index === 11 ? 20 : null,
  };
}

type DayReport = {
  answers: ReportAnswers;
  temperatureC: number | null;
  redFlags: RedFlag[];
  note: string | null;
};

function neuropathyAnswers(index: number, day: number): number[] {
  const stage = (NEUROPATHY[index] ?? []).filter(([fromDay]) => fromDay <= day).at(-1);
  return stage ? stage[1] : item(0);
}

function dayReport(index: number, day: number, profile: DemoProfile, random: () => number): DayReport {
  const cycleDay = (((day - profile.firstCycleDay) % CYCLE_DAYS) + CYCLE_DAYS) % CYCLE_DAYS;
  const noise = () => (random() - 0.5) * 0.8;

  // Nausea peaks the day after treatment and settles over three days.
  const nauseaPeak = [0, 3, 2.2, 1.2][cycleDay] ?? 0;
  const nauseaLevel = Math.round(
    Math.min(3, Math.max(0, profile.nauseaProne * nauseaPeak + (nauseaPeak ? noise() : 0))),
  );
  const nausea = [item(0), item(1, 1), item(2, 1), item(3, 2)][random() < 0.04 && nauseaLevel === 0 ? 1 : nauseaLevel];
  const vomiting = nauseaLevel === 3 && random() < 0.5 ? item(1, 1) : item(0);

  const afterTreatment = cycleDay >= 1 && cycleDay <= 5;
  const appetite = nauseaLevel >= 2 ? item(2, 1) : afterTreatment && random() < 0.4 ? item(1, 1) : item(0);
  const fatigue =
    cycleDay >= 2 && cycleDay <= 6
      ? profile.fatigueProne > 0.88 && cycleDay === 3
        ? item(2, 2)
        : item(2, 1)
      : random() < 0.5
        ? item(1, 1)
        : item(1, 0);
  const mouthSores = cycleDay >= 5 && cycleDay <= 10 && random() < 0.2 ? item(1, 0) : item(0);
  const diarrhoea = cycleDay >= 3 && cycleDay <= 6 && random() < 0.15 ? item(1) : item(0);

  const febrile = profile.febrileDay === day;
  const chills = febrile ? item(2, 2) : item(0);
  const temperatureC = febrile
    ? 38 + Math.floor(random() * 9) / 10
    : profile.thermometer && random() < 0.8
      ? 36.4 + Math.floor(random() * 9) / 10
      : null;

  const breathless = profile.breathlessDay === day;
  const notes: [boolean, string][] = [
    [febrile, "Felt hot and shivery this evening."],
    [breathless, "Could not catch my breath sitting in the chair."],
    [nauseaLevel === 3 && random() < 0.3, "Sick most of the day after treatment."],
  ];
  const values: [SymptomCode, number[]][] = [
    ["nausea", nausea],
    ["vomiting", vomiting],
    ["diarrhoea", diarrhoea],
    ["mouth_sores", mouthSores],
    ["decreased_appetite", appetite],
    ["fatigue", fatigue],
    ["numbness_tingling", neuropathyAnswers(index, day)],
    ["shaking_chills", chills],
  ];
  return {
    answers: answersFromValues(values),
    temperatureC: temperatureC === null ? null : Math.round(temperatureC * 10) / 10,
    redFlags: breathless ? ["breathless_at_rest"] : [],
    note: notes.find(([applies]) => applies)?.[1] ?? null,
  };
}

async function inChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

const SIMPLE_TOKEN = /^[\w:.+-]+$/;

/**
 * A PostgreSQL array literal of simple tokens (ids, codes, numbers, ISO times). The many small rows
 * go in as one `unnest` per column, several times faster than a VALUES list of the same rows.
 */
function arrayOf(values: readonly (string | number | Date | null | undefined)[]): string {
  const tokens = values.map((v) => (v == null ? "NULL" : v instanceof Date ? v.toISOString() : String(v)));
  const unsafe = tokens.find((token) => !SIMPLE_TOKEN.test(token));
  if (unsafe !== undefined) throw new TypeError(`Not a simple array element: ${unsafe}`);
  return `{${tokens.join(",")}}`;
}

/**
 * Adds eight weeks of reports (ending at `now`) for every demo patient who has none yet. Returns
 * what it stored; zero when there is nothing to do.
 */
export async function seedDemoReports(db: Database, now = new Date()): Promise<{ reports: number; alerts: number }> {
  const byId = await demoPatientsWithout(db, t.symptomReports, t.symptomReports.patientId);

  const reports: (typeof t.symptomReports.$inferInsert)[] = [];
  const answers: (typeof t.symptomAnswers.$inferInsert)[] = [];
  const grades: (typeof t.symptomGrades.$inferInsert)[] = [];
  const episodes = new DemoEpisodes();
  const start = now.getTime() - (DEMO_REPORT_DAYS - 1) * DAY_MS;

  for (let index = 0; index < DEMO_PATIENT_COUNT; index++) {
    const patient = byId.get(demoPatientId(index));
    if (!patient) continue;
    const random = demoRandom(index);
    const profile = profileFor(index, random);
    const previous: Partial<Record<SymptomCode, number>> = {};
    const team = patient.careTeamId === DEMO_TEAMS.breast.id ? "1" : "2";
    // A patient whose consent to the team has ended reports no more: no alert goes to a team that may not see it.
    const lastDay =
      index === DEMO_EXPIRED_PATIENT_INDEX
        ? DEMO_REPORT_DAYS - 1 - DEMO_CONSENT_EXPIRED_DAYS_AGO
        : DEMO_REPORT_DAYS - 1;
    for (let day = 0; day <= lastDay; day++) {
      // About one day in twelve is missed, and nobody reports in the two days after a fever (admitted).
      const missed = random() < 0.08;
      const admitted = profile.febrileDay !== null && day > profile.febrileDay && day <= profile.febrileDay + 2;
      const report = dayReport(index, day, profile, random);
      if ((missed && day !== profile.febrileDay && day !== DEMO_REPORT_DAYS - 1) || admitted) continue;

      const reportId = stableId(`demo-report:${index}:${day}`);
      // Most people report in the morning: 0-6 hours before this time of day.
      const reportedAt = new Date(start + day * DAY_MS - Math.floor(random() * 6 * HOUR_MS));
      const reportGrades = gradeReport({ answers: report.answers });
      const triage = triageReport(
        {
          grades: reportGrades,
          previousGrades: { ...previous },
          temperatureC: report.temperatureC,
          redFlags: report.redFlags,
          canWait: null,
        },
        DEFAULT_TRIAGE_SETTINGS,
      );
      for (const { symptom, grade } of reportGrades) if (grade !== null) previous[symptom] = grade;

      reports.push({
        id: reportId,
        patientId: patient.id,
        source: "patient",
        submittedBy: patient.userId,
        reportedAt,
        temperatureC: report.temperatureC,
        redFlags: report.redFlags,
        canWait: triage.level === "amber" ? random() < 0.5 : null,
        note: report.note,
        createdAt: reportedAt,
      });
      for (const [symptom, values] of Object.entries(report.answers)) {
        for (const [attribute, value] of Object.entries(values ?? {})) {
          answers.push({ reportId, patientId: patient.id, symptom, attribute, value: value ?? null });
        }
      }
      for (const { symptom, grade } of reportGrades)
        grades.push({ reportId, patientId: patient.id, symptom, grade, reportedAt });

      if (triage.level === "green" || triage.responseMinutes === null) continue;
      const joined = episodes.join({ patientId: patient.id, userId: patient.userId, reportId, triage, at: reportedAt });
      if (joined) continue;
      const alertId = stableId(`demo-alert:${index}:${day}`);
      const raisedAt = reportedAt;
      const ageDays = (now.getTime() - raisedAt.getTime()) / DAY_MS;
      const nurse = demoStaffId(`nurse${team}`);
      const oncologist = demoStaffId(`oncologist${team}`);
      const red = triage.level === "red";
      const acknowledgedAt = new Date(raisedAt.getTime() + (red ? 8 + random() * 20 : 40 + random() * 300) * MINUTE_MS);
      const alert: typeof t.alerts.$inferInsert = {
        id: alertId,
        patientId: patient.id,
        careTeamId: patient.careTeamId,
        reportId,
        severity: triage.level,
        reasons: triage.reasons,
        raisedAt,
        dueAt: new Date(raisedAt.getTime() + triage.responseMinutes * MINUTE_MS),
      };
      const events: (typeof t.alertEvents.$inferInsert)[] = [];
      let closedAt: Date | null = null;
      if (ageDays > OPEN_ALERT_DAYS) {
        const outcome = outcomeFor(report, triage.level, random);
        const resolvedBy = red ? oncologist : nurse;
        const resolvedAt = new Date(acknowledgedAt.getTime() + (15 + random() * 90) * MINUTE_MS);
        Object.assign(alert, {
          status: "resolved",
          // Acknowledging takes ownership, as in the app.
          assignedTo: nurse,
          acknowledgedBy: nurse,
          acknowledgedAt,
          resolvedBy,
          resolvedAt,
          outcomeCodes: outcome.codes,
          version: 3,
        });
        closedAt = resolvedAt;
        events.push(
          { alertId, patientId: patient.id, userId: nurse, kind: "acknowledged", createdAt: acknowledgedAt },
          {
            alertId,
            patientId: patient.id,
            userId: resolvedBy,
            kind: "resolved",
            note: outcome.note,
            outcomeCodes: outcome.codes,
            createdAt: resolvedAt,
          },
        );
      } else if (ageDays > ACKNOWLEDGED_AFTER_DAYS) {
        Object.assign(alert, {
          status: "acknowledged",
          assignedTo: nurse,
          acknowledgedBy: nurse,
          acknowledgedAt,
          version: 2,
        });
        events.push({ alertId, patientId: patient.id, userId: nurse, kind: "acknowledged", createdAt: acknowledgedAt });
      }
      episodes.raise(alert, events, triage, closedAt);
    }
  }
  const { alerts, events, links } = episodes;
  if (reports.length === 0) return { reports: 0, alerts: 0 };

  await db.transaction(async (tx) => {
    await inChunks(reports, 1000, (chunk) => tx.insert(t.symptomReports).values(chunk));
    await inChunks(answers, 10_000, (chunk) =>
      tx.execute(sql`insert into symptom_answers (report_id, patient_id, symptom, attribute, value)
        select * from unnest(${arrayOf(chunk.map((r) => r.reportId))}::uuid[], ${arrayOf(chunk.map((r) => r.patientId))}::uuid[],
          ${arrayOf(chunk.map((r) => r.symptom))}::text[], ${arrayOf(chunk.map((r) => r.attribute))}::text[],
          ${arrayOf(chunk.map((r) => r.value))}::smallint[])`),
    );
    await inChunks(grades, 10_000, (chunk) =>
      tx.execute(sql`insert into symptom_grades (report_id, patient_id, symptom, grade, reported_at)
        select * from unnest(${arrayOf(chunk.map((r) => r.reportId))}::uuid[], ${arrayOf(chunk.map((r) => r.patientId))}::uuid[],
          ${arrayOf(chunk.map((r) => r.symptom))}::text[], ${arrayOf(chunk.map((r) => r.grade))}::smallint[],
          ${arrayOf(chunk.map((r) => r.reportedAt))}::timestamptz[])`),
    );
    await inChunks(alerts, 1000, (chunk) => tx.insert(t.alerts).values(chunk));
    await inChunks(links, 2000, (chunk) => tx.insert(t.alertReports).values(chunk));
    await inChunks(events, 2000, (chunk) => tx.insert(t.alertEvents).values(chunk));
    await tx.execute(sql`insert into audit_events (action, organisation_id, outcome, details)
      values ('demo_reports_seeded', ${DEMO_ORG_ID}, 'allowed',
              ${JSON.stringify({ reports: reports.length, alerts: alerts.length })}::jsonb)`);
  });
  return { reports: reports.length, alerts: alerts.length };
}
