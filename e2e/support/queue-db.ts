/**
 * A care unit of its own for a triage queue spec, arranged in the e2e PostgreSQL database: an
 * organisation with one care team, a nurse who signs in to its queue, a colleague, and a patient for
 * each alert the spec asks for, every alert with the report that raised it (what the patient said:
 * "can this wait?" and a note), and the clinicians' notes on it. Apart from the demo centre, so a
 * spec may count its rows and its red alerts exactly while other specs raise alerts of their own.
 *
 * The unit (organisation, team, people, consent) is made by the database's owner. The clinical rows
 * are written as a request writes them: by the owner made the caller with `app.assume_identity`,
 * then acting as the request role (`serums_app`), so row-level security, the insert policies and
 * the attribution triggers hold them to the nurse's consent and name the nurse, as the app would.
 * The reasons are what triage (lib/triage/rules.ts) says of the report.
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { stableId } from "../../db/stable-id";
import type { CompositeGrade } from "../../lib/grading/composite-table";
import type { SymptomCode } from "../../lib/grading/items";
import { DEFAULT_TRIAGE_SETTINGS, triageReport } from "../../lib/triage/rules";
import { E2E_OWNER_URL } from "./database";
import { DEMO_PASSWORD, type DemoAccount, staff } from "./demo";

const MINUTE = 60_000;

/** One alert to arrange: the report that raises it, and what was done about it since. */
export type ArrangedAlert = {
  /** The report's temperature (38 °C or more is red). */
  temperatureC?: number | null;
  /** Composite grades of the report (3 red, 2 amber with the default thresholds). */
  grades?: Partial<Record<SymptomCode, CompositeGrade>>;
  /** The same symptoms' grades in the report before, for the rises triage reports. */
  previousGrades?: Partial<Record<SymptomCode, CompositeGrade>>;
  /** "Can this wait until your next appointment?" */
  canWait?: boolean | null;
  /** What the patient wrote with the report. */
  note?: string | null;
  /** How long ago the report came in (default 10 minutes). */
  minutesAgo?: number;
  /** Acknowledged by the unit's nurse (`nurse`) or colleague (`colleague`) a few minutes after. */
  acknowledgedBy?: "nurse" | "colleague";
  /** Clinicians' notes, oldest first. */
  clinicianNotes?: { by: "nurse" | "colleague"; text: string; minutesAgo: number }[];
};

export type ArrangedUnit = {
  nurse: DemoAccount & { id: string };
  colleague: { id: string; name: string };
  teamName: string;
  /** One a requested alert, in order. */
  alerts: { id: string; patientId: string; patientName: string; hospitalNumber: string; severity: "red" | "amber" }[];
};

const GIVEN = ["Ishbel", "Murdo", "Catriona", "Fergus", "Morag", "Angus", "Flora", "Ruaraidh", "Kirsteen", "Donald"];
const FAMILY = ["Macaulay", "Nicolson", "Macrae", "Gillies", "Matheson", "Macaskill", "Beaton", "Morrison", "Maciver"];

/** A stable id for one thing of one unit, so arranging again finds what is there. */
const unitId = (key: string, thing: string) => stableId(`e2e-queue:${key}:${thing}`);

/**
 * Arranges the unit `key` with one patient and one active alert for each of `alerts`, unless it is
 * there already (two workers may ask at once: an advisory lock orders them, and the second finds
 * the first's). Returns who signs in and what was arranged.
 */
export async function arrangeQueueUnit(key: string, alerts: readonly ArrangedAlert[]): Promise<ArrangedUnit> {
  if (!/^[a-z][a-z0-9-]{1,30}$/.test(key)) throw new Error(`Not a unit key: ${key}`);
  const sql = postgres(E2E_OWNER_URL, { max: 1, onnotice: () => {} });
  const org = unitId(key, "org");
  const team = unitId(key, "team");
  const nurseId = unitId(key, "nurse");
  const colleagueId = unitId(key, "colleague");
  const nurse = {
    id: nurseId,
    email: `${key}.nurse@queue-e2e.example`,
    password: DEMO_PASSWORD,
    name: "Sister Mairi Urquhart",
  };
  const colleague = { id: colleagueId, name: "Dr Euan Baxter" };
  const teamName = `Acute Oncology (${key})`;
  const prefix = `Q${key
    .replace(/[^a-z]/g, "")
    .slice(0, 3)
    .toUpperCase()}`;
  const patientOf = (i: number) => ({
    id: unitId(key, `patient:${i}`),
    name: `${GIVEN[i % GIVEN.length]} ${FAMILY[(i * 4 + Math.floor(i / GIVEN.length)) % FAMILY.length]}`,
    hospitalNumber: `${prefix}${String(1001 + i)}`,
  });
  try {
    return await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(${`queue-unit:${key}`}))`;
      const [existing] = await tx`select id from organisations where id = ${org}`;
      if (!existing) {
        await tx`insert into organisations (id, name, slug, settings)
          values (${org}, ${`E2E ${key} unit`}, ${`e2e-queue-${key}`},
                  ${tx.json({ mfaRequiredForStaff: false, hospitalLine: "0131 000 0000" })})`;
        await tx`insert into care_teams (id, organisation_id, name) values (${team}, ${org}, ${teamName})`;
        // The demo password, as its hash: the same one the demo accounts have.
        await tx`insert into users (id, organisation_id, kind, email, display_name, password_hash)
          select ${nurseId}, ${org}, 'staff', ${nurse.email}, ${nurse.name}, password_hash
          from users where email = ${staff("nurse1").email}`;
        await tx`insert into users (id, organisation_id, kind, email, display_name)
          values (${colleagueId}, ${org}, 'staff', ${`${key}.colleague@queue-e2e.example`}, ${colleague.name})`;
        await tx`insert into staff_memberships (user_id, organisation_id, care_team_id, role)
          values (${nurseId}, ${org}, ${team}, 'nurse'), (${colleagueId}, ${org}, ${team}, 'oncologist')`;
        for (const [i] of alerts.entries()) {
          const p = patientOf(i);
          const [given, family] = p.name.split(" ");
          await tx`insert into patients (id, organisation_id, hospital_number, given_name, family_name, date_of_birth,
              diagnosis, primary_care_team_id)
            values (${p.id}, ${org}, ${p.hospitalNumber}, ${given}, ${family}, ${`19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`},
              'Breast cancer, ER-positive', ${team})`;
          await tx`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories, valid_from)
            values (${p.id}, ${team}, 'allow', ${["symptoms", "treatment", "alerts", "demographics"]},
                    now() - interval '30 days')`;
        }
        await arrangeAlerts(tx, { org, team, nurseId, colleagueId }, alerts, patientOf);
      }
      const rows = await tx<{ id: string; patient_id: string; severity: "red" | "amber" }[]>`
        select id, patient_id, severity from alerts where care_team_id = ${team} and status <> 'resolved'`;
      return {
        nurse,
        colleague,
        teamName,
        alerts: alerts.map((_, i) => {
          const p = patientOf(i);
          const alert = rows.find((r) => r.patient_id === p.id);
          return {
            id: alert?.id ?? "",
            patientId: p.id,
            patientName: p.name,
            hospitalNumber: p.hospitalNumber,
            severity: alert?.severity ?? "amber",
          };
        }),
      };
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

type Tx = postgres.TransactionSql;
type Unit = { org: string; team: string; nurseId: string; colleagueId: string };

/** From here on in the transaction, `userId` is the caller, as the request role. */
async function actAs(tx: Tx, userId: string) {
  await tx`reset role`;
  await tx`select app.assume_identity(${userId}), set_config('role', 'serums_app', true)`;
}

async function arrangeAlerts(
  tx: Tx,
  unit: Unit,
  alerts: readonly ArrangedAlert[],
  patientOf: (i: number) => { id: string },
) {
  const now = Date.now();
  const who = (by: "nurse" | "colleague") => (by === "nurse" ? unit.nurseId : unit.colleagueId);
  for (const [i, a] of alerts.entries()) {
    const patientId = patientOf(i).id;
    const grades = Object.entries(a.grades ?? {}).map(([symptom, grade]) => ({
      symptom: symptom as SymptomCode,
      grade: grade as CompositeGrade,
    }));
    const triage = triageReport(
      {
        grades,
        previousGrades: a.previousGrades ?? {},
        temperatureC: a.temperatureC ?? null,
        redFlags: [],
        canWait: a.canWait ?? null,
      },
      DEFAULT_TRIAGE_SETTINGS,
    );
    if (triage.level === "green" || triage.responseMinutes === null) {
      throw new Error(`Arranged alert ${i} would be green: give it a fever or a grade of 2 or more`);
    }
    const reportedAt = new Date(now - (a.minutesAgo ?? 10) * MINUTE);
    const dueAt = new Date(reportedAt.getTime() + triage.responseMinutes * MINUTE);
    const reportId = randomUUID();
    const alertId = randomUUID();
    // The nurse takes the report by phone and it raises the alert, as db/queries/report-submit.ts would.
    await actAs(tx, unit.nurseId);
    await tx`insert into symptom_reports (id, patient_id, source, submitted_by, reported_at, temperature_c, can_wait,
        note, created_at)
      values (${reportId}, ${patientId}, 'clinician_phone', ${unit.nurseId}, ${reportedAt}, ${a.temperatureC ?? null},
        ${a.canWait ?? null}, ${a.note ?? null}, ${reportedAt})`;
    for (const g of grades) {
      await tx`insert into symptom_grades (report_id, patient_id, symptom, grade, reported_at)
        values (${reportId}, ${patientId}, ${g.symptom}, ${g.grade}, ${reportedAt})`;
    }
    await tx`insert into alerts (id, patient_id, care_team_id, report_id, severity, reasons, raised_at, due_at,
        last_reported_at)
      values (${alertId}, ${patientId}, ${unit.team}, ${reportId}, ${triage.level}, ${triage.reasons}, ${reportedAt},
        ${dueAt}, ${reportedAt})`;
    await tx`insert into alert_reports (report_id, alert_id, patient_id, severity, reasons, response_minutes, added_at)
      values (${reportId}, ${alertId}, ${patientId}, ${triage.level}, ${triage.reasons}, ${triage.responseMinutes},
        ${reportedAt})`;
    if (a.acknowledgedBy) {
      const by = who(a.acknowledgedBy);
      const at = new Date(reportedAt.getTime() + 4 * MINUTE);
      await actAs(tx, by);
      // The attribution trigger names the caller as who acknowledged it and its assignee.
      await tx`update alerts set status = 'acknowledged', acknowledged_at = ${at}, version = version + 1
        where id = ${alertId}`;
      await tx`insert into alert_events (alert_id, patient_id, user_id, kind, created_at)
        values (${alertId}, ${patientId}, ${by}, 'acknowledged', ${at})`;
    }
    for (const note of a.clinicianNotes ?? []) {
      const by = who(note.by);
      await actAs(tx, by);
      await tx`insert into alert_events (alert_id, patient_id, user_id, kind, note, created_at)
        values (${alertId}, ${patientId}, ${by}, 'note', ${note.text}, ${new Date(now - note.minutesAgo * MINUTE)})`;
    }
  }
  await tx`reset role`;
}

/**
 * One more red alert for the unit, arranged while a spec's page is open: a new patient (index
 * `index`, past those already arranged) with a report of 39.5 °C taken by the nurse. Returns its reason.
 */
export async function raiseRedAlert(key: string, index: number): Promise<{ reason: string; patientName: string }> {
  const sql = postgres(E2E_OWNER_URL, { max: 1, onnotice: () => {} });
  const org = unitId(key, "org");
  const team = unitId(key, "team");
  const nurseId = unitId(key, "nurse");
  const colleagueId = unitId(key, "colleague");
  const patientId = unitId(key, `extra:${index}`);
  const given = GIVEN[(index + 3) % GIVEN.length];
  const family = FAMILY[(index + 5) % FAMILY.length];
  try {
    await sql.begin(async (tx) => {
      await tx`insert into patients (id, organisation_id, hospital_number, given_name, family_name, date_of_birth,
          diagnosis, primary_care_team_id)
        values (${patientId}, ${org}, ${`QX${9000 + index}`}, ${given}, ${family}, '1962-05-17', 'Ovarian cancer', ${team})`;
      await tx`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories, valid_from)
        values (${patientId}, ${team}, 'allow', ${["symptoms", "treatment", "alerts", "demographics"]},
                now() - interval '1 day')`;
      await arrangeAlerts(tx, { org, team, nurseId, colleagueId }, [{ temperatureC: 39.5, minutesAgo: 0 }], () => ({
        id: patientId,
      }));
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
  return { reason: "Temperature 39.5 C", patientName: `${given} ${family}` };
}
