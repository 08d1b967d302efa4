import "server-only";
/**
 * Patients: the list a clinician may see (with each patient's last report, worst recent grade and
 * open alerts), a record's header, and enrolling a new patient into a care team.
 *
 * Runs inside `withRls`: the policies decide which patients are listed (demographics consent, or an
 * emergency access) and which of their reports and alerts are counted (symptoms and alerts consent).
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { DataCategory } from "@/lib/vocabulary";
import { refused } from "../../lib/errors";
import type { Tx } from "../client";
import { careTeams, consentRules, patients, users } from "../schema";
import { queryRows } from "../sql";
import { createInvitation } from "./auth";
import { escapeLike } from "./staff";

export type PatientListParams = {
  search?: string;
  limit: number;
  offset: number;
  /** Reports since this instant count towards the worst recent grade. */
  recentSince?: Date;
};

export type PatientListItem = {
  id: string;
  hospitalNumber: string;
  name: string;
  dateOfBirth: string;
  diagnosis: string;
  careTeam: string;
};

export type PatientListRow = PatientListItem & {
  /** False when the patient has not shared their symptom reports with the caller. */
  symptomsShared: boolean;
  alertsShared: boolean;
  lastReportAt: Date | null;
  worstRecentGrade: number | null;
  openAlerts: { red: number; amber: number };
};

/** Every word must match the given name, family name or hospital number: "ailsa baird", "ECC0100". */
function searchFilter(term: string | undefined): SQL | undefined {
  const words = (term ?? "").trim().split(/\s+/).filter(Boolean).slice(0, 5);
  if (words.length === 0) return undefined;
  return sql.join(
    words.map((w) => {
      const like = `%${escapeLike(w)}%`;
      return sql`(p.given_name ilike ${like} or p.family_name ilike ${like} or p.hospital_number ilike ${like})`;
    }),
    sql` and `,
  );
}

/**
 * One page of the patients whose record the caller may open, by family name, with the facts the
 * list shows, in one statement: the page of patients first, then for each of them (by index) the
 * last report, the worst grade since `recentSince` and the alerts not yet resolved. No N+1.
 */
export async function listVisiblePatients(
  tx: Tx,
  p: PatientListParams,
): Promise<{ rows: PatientListRow[]; total: number }> {
  const filter = searchFilter(p.search);
  const where = filter ? sql`where ${filter}` : sql``;
  const since = (p.recentSince ?? new Date(Date.now() - 7 * 86_400_000)).toISOString();
  const rows = await queryRows<Record<string, unknown>>(
    tx,
    sql`with shared as (
          select app.readable_patient_ids('symptoms') as symptoms, app.readable_patient_ids('alerts') as alerts
        ), page as (
          select p.id, p.hospital_number, p.given_name, p.family_name, p.date_of_birth::text as date_of_birth,
                 p.diagnosis, t.name as care_team
          from patients p join care_teams t on t.id = p.primary_care_team_id
          ${where}
          order by p.family_name, p.given_name, p.id
          limit ${p.limit} offset ${p.offset}
        )
        select page.*, page.id = any (shared.symptoms) as symptoms_shared, page.id = any (shared.alerts) as alerts_shared,
               last_report.reported_at as last_report_at, recent.worst, open_alerts.red, open_alerts.amber
        from page cross join shared
        left join lateral (
          select r.reported_at from symptom_reports r where r.patient_id = page.id order by r.reported_at desc limit 1
        ) as last_report on true
        left join lateral (
          select max(g.grade) as worst
          from symptom_reports r join symptom_grades g on g.report_id = r.id
          where r.patient_id = page.id and r.reported_at >= ${since}::timestamptz
        ) as recent on true
        left join lateral (
          select count(*) filter (where a.severity = 'red') as red, count(*) filter (where a.severity = 'amber') as amber
          from alerts a where a.patient_id = page.id and a.status <> 'resolved'
        ) as open_alerts on true
        order by page.family_name, page.given_name, page.id`,
  );
  const [{ total }] = await queryRows<{ total: number | string }>(
    tx,
    sql`select count(*) as total from patients p ${where}`,
  );
  return {
    total: Number(total),
    rows: rows.map((r) => ({
      id: r.id as string,
      hospitalNumber: r.hospital_number as string,
      name: `${r.given_name} ${r.family_name}`,
      dateOfBirth: r.date_of_birth as string,
      diagnosis: r.diagnosis as string,
      careTeam: r.care_team as string,
      symptomsShared: Boolean(r.symptoms_shared),
      alertsShared: Boolean(r.alerts_shared),
      lastReportAt: r.last_report_at == null ? null : new Date(r.last_report_at as string),
      worstRecentGrade: r.worst == null ? null : Number(r.worst),
      openAlerts: { red: Number(r.red ?? 0), amber: Number(r.amber ?? 0) },
    })),
  };
}

export type PatientHeader = PatientListItem & { organisationId: string; careTeamId: string };

/** The patient's identity and demographics, or null where the caller may not read them. */
export async function findPatientHeader(tx: Tx, patientId: string): Promise<PatientHeader | null> {
  const [row] = await tx
    .select({
      id: patients.id,
      organisationId: patients.organisationId,
      hospitalNumber: patients.hospitalNumber,
      givenName: patients.givenName,
      familyName: patients.familyName,
      dateOfBirth: patients.dateOfBirth,
      diagnosis: patients.diagnosis,
      careTeamId: patients.primaryCareTeamId,
      careTeam: careTeams.name,
    })
    .from(patients)
    .innerJoin(careTeams, eq(careTeams.id, patients.primaryCareTeamId))
    .where(eq(patients.id, patientId));
  if (!row) return null;
  const { givenName, familyName, ...rest } = row;
  return { ...rest, name: `${givenName} ${familyName}` };
}

export type EnrolmentTeam = { id: string; name: string };

/** The care teams the caller may enrol a patient into: active teams where they hold a clinical role. */
export async function listEnrolmentTeams(tx: Tx, teamIds: readonly string[]): Promise<EnrolmentTeam[]> {
  if (teamIds.length === 0) return [];
  return tx
    .select({ id: careTeams.id, name: careTeams.name })
    .from(careTeams)
    .where(and(inArray(careTeams.id, [...teamIds]), isNull(careTeams.archivedAt)))
    .orderBy(asc(careTeams.name));
}

export type EnrolPatientParams = {
  /** Chosen by the enrolment form, so a repeated submission is recognised as the same enrolment. */
  patientId: string;
  organisationId: string;
  careTeamId: string;
  hospitalNumber: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  diagnosis: string;
  /** The patient's email, for their own account. */
  email: string;
  /** What the patient agreed to share with the care team. */
  categories: DataCategory[];
  enrolledBy: string;
  now: Date;
};

export type Enrolment = { patientId: string; userId: string; invitation: { path: string; expiresAt: Date } };

const SQL_UNIQUE = "23505";

function constraintOf(error: unknown): { code?: string; constraint?: string } {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown; cause?: unknown };
    if (typeof x.code === "string" && /^[0-9A-Z]{5}$/.test(x.code)) {
      const constraint = (x.constraint_name ?? x.constraint) as string | undefined;
      return { code: x.code, constraint };
    }
    e = x.cause;
  }
  return {};
}

/**
 * Enrols a patient: their own account (no password yet), the patient record in the chosen care
 * team, the care team's consent rule for what the patient agreed to share, and a one-time link for
 * the patient to activate their account. Ids are chosen here because the caller may not read a
 * patient account, nor the record until the consent rule exists, so nothing is read back.
 */
export async function enrolPatient(tx: Tx, p: EnrolPatientParams): Promise<Enrolment> {
  const userId = randomUUID();
  try {
    await tx.insert(users).values({
      id: userId,
      organisationId: p.organisationId,
      kind: "patient",
      email: p.email.trim().toLowerCase(),
      displayName: `${p.givenName} ${p.familyName}`,
      createdBy: p.enrolledBy,
      createdAt: p.now,
    });
    await tx.insert(patients).values({
      id: p.patientId,
      organisationId: p.organisationId,
      hospitalNumber: p.hospitalNumber,
      givenName: p.givenName,
      familyName: p.familyName,
      dateOfBirth: p.dateOfBirth,
      diagnosis: p.diagnosis,
      primaryCareTeamId: p.careTeamId,
      userId,
      createdBy: p.enrolledBy,
      createdAt: p.now,
    });
    // valid_from is the database's now(), the clock the policies read: the rule applies at once.
    await tx.insert(consentRules).values({
      patientId: p.patientId,
      granteeCareTeamId: p.careTeamId,
      effect: "allow",
      categories: p.categories,
      createdBy: p.enrolledBy,
    });
  } catch (error) {
    const { code, constraint } = constraintOf(error);
    if (code === SQL_UNIQUE && constraint === "patients_org_hospital_number_key") {
      throw refused({ kind: "hospital_number_enrolled" });
    }
    if (code === SQL_UNIQUE && constraint === "patients_pkey") {
      throw refused({ kind: "enrolment_already_saved" });
    }
    if (code === SQL_UNIQUE) {
      // The email is the only other unique value here. Say no more than that it cannot be used.
      throw refused({ kind: "email_unusable" });
    }
    throw error;
  }
  const invitation = await createInvitation(tx, { userId, purpose: "activate", createdBy: p.enrolledBy, now: p.now });
  return { patientId: p.patientId, userId, invitation: { path: invitation.path, expiresAt: invitation.expiresAt } };
}
