/**
 * The people of the scale seed: organisations, care teams and staff (a few hundred rows, inserted
 * plainly), and each patient with their account, treatment plan, cycles and consent rules (streamed).
 */
import type postgres from "postgres";
import type { SymptomCode } from "../../lib/grading/items";
import type { CopyValue } from "./copy";
import type { Profile } from "./course";
import type { ScaleEpisode } from "./reports";
import { type Streams, TABLE } from "./streams";
import {
  adminId,
  careTeamId,
  diagnosisFor,
  NURSES_PER_TEAM,
  ONCOLOGISTS_PER_TEAM,
  ORGANISATIONS,
  orderedId,
  organisationId,
  patientId,
  patientName,
  patientUserId,
  staffEmail,
  staffId,
  TEAM_COUNT,
  TEAM_NAMES,
  teamOrganisation,
} from "./world";

const DAY_MS = 86_400_000;

const ALL_CATEGORIES = ["symptoms", "treatment", "alerts", "demographics"];
/** A patient while the days are generated: their draws, and the last grade of each symptom (for rises). */
export type PatientState = {
  index: number;
  team: number;
  profile: Profile;
  random: () => number;
  previous: Partial<Record<SymptomCode, number>>;
  /** The patient's latest alert, written out when the next one is raised or the load ends (reports.ts). */
  episode?: ScaleEpisode | null;
};
/** Creates the organisations, care teams and staff: a few hundred rows, in one ordinary transaction. */
export async function seedStaff(sql: postgres.Sql, createdAt: Date): Promise<void> {
  await sql.begin(async (tx) => {
    for (const [org, o] of ORGANISATIONS.entries()) {
      const settings = { mfaRequiredForStaff: true, hospitalLine: o.hospitalLine };
      await tx`insert into organisations (id, name, slug, settings, created_at)
        values (${organisationId(org)}, ${o.name}, ${o.slug}, ${tx.json(settings)}, ${createdAt})`;
      await tx`insert into users (id, organisation_id, kind, email, display_name, created_at)
        values (${adminId(org)}, ${organisationId(org)}, 'staff', ${`admin.${org}@scale.example`}, ${`Admin ${org}`}, ${createdAt})`;
      await tx`insert into staff_memberships (user_id, organisation_id, role)
        values (${adminId(org)}, ${organisationId(org)}, 'admin')`;
    }
    for (let team = 0; team < TEAM_COUNT; team++) {
      const org = organisationId(teamOrganisation(team));
      await tx`insert into care_teams (id, organisation_id, name, created_at)
        values (${careTeamId(team)}, ${org}, ${`${TEAM_NAMES[team % TEAM_NAMES.length]} Oncology`}, ${createdAt})`;
      const staff = [
        ...Array.from({ length: ONCOLOGISTS_PER_TEAM }, (_, k) => ["oncologist", k] as const),
        ...Array.from({ length: NURSES_PER_TEAM }, (_, k) => ["nurse", k] as const),
      ];
      for (const [role, k] of staff) {
        const id = staffId(team, role, k);
        const name = `${role === "nurse" ? "Nurse" : "Dr"} ${TEAM_NAMES[team % TEAM_NAMES.length]} ${team}.${k}`;
        await tx`insert into users (id, organisation_id, kind, email, display_name, mfa_enabled_at, created_at)
          values (${id}, ${org}, 'staff', ${staffEmail(team, role, k)}, ${name}, ${createdAt}, ${createdAt})`;
        await tx`insert into staff_memberships (user_id, organisation_id, care_team_id, role, is_team_lead)
          values (${id}, ${org}, ${careTeamId(team)}, ${role}, ${role === "nurse" && k === 0})`;
      }
    }
  });
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Patients, their accounts, plans, cycles and consent rules. */
export async function writePatient(s: Streams, p: PatientState, windowStart: number, now: number): Promise<void> {
  const { index: i, team, profile, random } = p;
  const org = organisationId(teamOrganisation(team));
  const id = patientId(i);
  const userId = patientUserId(i);
  const name = patientName(i);
  const enrolled = new Date(windowStart + Math.min(0, profile.firstCycleDay - 14) * DAY_MS);
  const oncologist = staffId(team, "oncologist", i % ONCOLOGISTS_PER_TEAM);
  await s.users.write([userId, org, "patient", `patient.${i}@scale.example`, `${name.given} ${name.family}`, enrolled]);
  const born = `${1940 + (i % 45)}-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`;
  await s.patients.write([
    id,
    org,
    `SC${String(i).padStart(7, "0")}`,
    name.given,
    name.family,
    born,
    diagnosisFor(team),
    careTeamId(team),
    userId,
    enrolled,
  ]);

  const { regimen } = profile;
  const planId = orderedId(0, TABLE.plan, i);
  const firstCycle = windowStart + profile.firstCycleDay * DAY_MS;
  await s.treatment_plans.write([
    planId,
    id,
    regimen.regimen,
    regimen.drugs,
    regimen.intent,
    regimen.cycleDays,
    regimen.cycles,
    isoDate(firstCycle),
    oncologist,
    enrolled,
  ]);
  for (let c = 0; c < regimen.cycles; c++) {
    const planned = firstCycle + c * regimen.cycleDays * DAY_MS;
    const given = planned <= now;
    // The cycle after a febrile episode is given at a reduced dose.
    const dose = profile.febrileCycle !== null && c === profile.febrileCycle + 1 ? 80 : 100;
    await s.treatment_cycles.write([
      orderedId(0, TABLE.cycle, i * 100 + c),
      planId,
      id,
      c + 1,
      isoDate(planned),
      given ? isoDate(planned) : null,
      dose,
      given ? "given" : "planned",
    ]);
  }

  // Every patient shares everything with their team; some withhold a category from one colleague,
  // and some once shared with a second team, for a while or until they revoked it.
  let rule = 0;
  const consent = (values: CopyValue[]) =>
    s.consent_rules.write([orderedId(0, TABLE.consent, i * 10 + rule++), id, ...values, userId, enrolled, org]);
  await consent([null, careTeamId(team), "allow", ALL_CATEGORIES, enrolled, null, null]);
  const roll = random();
  if (roll < 0.04) {
    await consent([staffId(team, "nurse", 1), null, "deny", ["symptoms"], enrolled, null, null]);
  } else if (roll < 0.06) {
    await consent([staffId(team, "oncologist", 1), null, "deny", ["demographics"], enrolled, null, null]);
  } else if (roll < 0.12) {
    const other = careTeamId((team + TEAM_NAMES.length / 2) % TEAM_COUNT);
    const until = new Date(enrolled.getTime() + 30 * DAY_MS);
    await consent([null, other, "allow", ["symptoms", "treatment"], enrolled, until, null]);
  } else if (roll < 0.14) {
    const other = careTeamId((team + 1) % TEAM_COUNT);
    await consent([null, other, "allow", ALL_CATEGORIES, enrolled, null, new Date(enrolled.getTime() + 7 * DAY_MS)]);
  }
}
