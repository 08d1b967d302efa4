import { createHash } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { Secret } from "otpauth";
import type { Database } from "@/db/client";
import * as t from "@/db/schema";
import { stableId } from "@/db/stable-id";
import type { DataCategory, StaffRole } from "@/lib/vocabulary";
import { hashPassword } from "../auth/password";
import { mfaEncryptionKey } from "../auth/secret";
import { encryptSecret } from "../auth/totp";

/** Every demo account signs in with this password (documented in the README). */
export const DEMO_PASSWORD = "Serums-demo-2026";

/**
 * Every demo staff member has two-factor sign-in set up with a fixed TOTP secret derived from their
 * email, so `npm run demo:totp -- <email>` (scripts/demo-totp.ts) and the browser tests can show the
 * current code without a phone. Stored encrypted like any real secret. Demo only: a real secret is
 * random (lib/auth/totp.ts).
 */
export function demoTotpSecret(email: string): string {
  const bytes = createHash("sha256").update(`serums demo totp:${email.toLowerCase()}`).digest().subarray(0, 20);
  return new Secret({ buffer: new Uint8Array(bytes).buffer }).base32;
}

export const DEMO_ORG_ID = stableId("org:ecc");
export const DEMO_TEAMS = {
  breast: { id: stableId("team:breast"), name: "Breast Oncology" },
  lung: { id: stableId("team:lung"), name: "Lung and Upper GI Oncology" },
} as const;
type TeamKey = keyof typeof DEMO_TEAMS;

type DemoStaff = { key: string; email: string; name: string; roles: StaffRole[]; team: TeamKey | null };
export const DEMO_STAFF: DemoStaff[] = [
  {
    key: "oncologist1",
    email: "morag.campbell@ecc.example",
    name: "Dr Morag Campbell",
    roles: ["oncologist"],
    team: "breast",
  },
  {
    key: "oncologist2",
    email: "ahmed.rashid@ecc.example",
    name: "Dr Ahmed Rashid",
    roles: ["oncologist"],
    team: "lung",
  },
  { key: "nurse1", email: "fiona.grant@ecc.example", name: "Fiona Grant", roles: ["nurse"], team: "breast" },
  { key: "nurse2", email: "liam.oneill@ecc.example", name: "Liam O'Neill", roles: ["nurse"], team: "lung" },
  { key: "admin1", email: "isla.reid@ecc.example", name: "Isla Reid", roles: ["admin"], team: null },
  { key: "admin2", email: "james.watt@ecc.example", name: "James Watt", roles: ["admin"], team: null },
];

const GIVEN = [
  "Elspeth",
  "Graham",
  "Ailsa",
  "Duncan",
  "Morven",
  "Callum",
  "Kirsty",
  "Euan",
  "Shona",
  "Fraser",
  "Catriona",
  "Hamish",
  "Iona",
  "Ruaridh",
  "Mhairi",
  "Alasdair",
  "Eilidh",
  "Lachlan",
  "Rhona",
  "Gregor",
];
const FAMILY = [
  "Muir",
  "Duncan",
  "Fraser",
  "MacLeod",
  "Stewart",
  "Robertson",
  "Sinclair",
  "Henderson",
  "Paterson",
  "Cameron",
  "Munro",
  "Ross",
  "Kerr",
  "Galbraith",
  "Baird",
  "Lindsay",
  "Drummond",
  "Ferguson",
  "Crawford",
  "Buchanan",
];
const DIAGNOSES: Record<TeamKey, string[]> = {
  breast: [
    "Breast cancer, HER2-positive",
    "Breast cancer, triple negative",
    "Ovarian cancer",
    "Breast cancer, ER-positive",
  ],
  lung: ["Non-small cell lung cancer", "Small cell lung cancer", "Oesophageal cancer", "Gastric cancer"],
};

export const DEMO_PATIENT_COUNT = 40;
/**
 * Patients with their own account, for signing in to the patient portal. Patients 12 to 26 (Breast
 * Oncology) have no active alert in the demo data: a patient has one active alert at a time, so the
 * browser specs that need a new alert of their own each report as one of them (e2e/support/demo.ts).
 */
export const DEMO_PATIENT_ACCOUNTS = [
  { index: 0, email: "elspeth.muir@patient.example" },
  { index: 1, email: "graham.henderson@patient.example" },
  { index: 12, email: "iona.stewart@patient.example" },
  { index: 16, email: "eilidh.kerr@patient.example" },
  { index: 22, email: "ailsa.lindsay@patient.example" },
  { index: 24, email: "morven.cameron@patient.example" },
  { index: 26, email: "kirsty.macleod@patient.example" },
];
/** Patient 2 withholds symptoms from nurse Fiona Grant; patient 14's consent to her team has expired. */
export const DEMO_DENYING_PATIENT_INDEX = 2;
export const DEMO_EXPIRED_PATIENT_INDEX = 14;
/** When patient 14's consent ended: their treatment with the team ended then, and so did their reports. */
export const DEMO_CONSENT_EXPIRED_DAYS_AGO = 10;

export const demoPatientId = (index: number) => stableId(`patient:${index}`);
/** Forty distinct names from twenty given and twenty family names. */
export const demoPatientName = (index: number) => ({
  givenName: GIVEN[index % GIVEN.length],
  familyName: FAMILY[(index * 7 + Math.floor(index / GIVEN.length)) % FAMILY.length],
});
export const demoStaffId = (key: string) => stableId(`staff:${key}`);
export const demoPatientUserId = (index: number) => stableId(`patient-user:${index}`);

const ALL_CATEGORIES: DataCategory[] = ["symptoms", "treatment", "alerts", "demographics"];
const DAY = 24 * 60 * 60 * 1000;

/**
 * Fills an empty database with the demo cancer centre. Deterministic: the same ids, names and
 * rules on every run. Returns false, changing nothing, when the centre is already there.
 */
export async function seedDemoData(db: Database, now = new Date()): Promise<boolean> {
  const existing = await db.select({ id: t.organisations.id }).from(t.organisations).limit(1);
  if (existing.length > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const mfaKey = mfaEncryptionKey();
  const patientTeam = (index: number): TeamKey => (index % 2 === 0 ? "breast" : "lung");

  await db.transaction(async (tx) => {
    await tx.insert(t.organisations).values({
      id: DEMO_ORG_ID,
      name: "Edinburgh Cancer Centre",
      slug: "ecc",
      settings: { mfaRequiredForStaff: true, hospitalLine: "0131 537 1000" },
    });
    await tx
      .insert(t.careTeams)
      .values(Object.values(DEMO_TEAMS).map((team) => ({ ...team, organisationId: DEMO_ORG_ID })));
    await tx.insert(t.users).values(
      DEMO_STAFF.map((s) => ({
        id: demoStaffId(s.key),
        organisationId: DEMO_ORG_ID,
        kind: "staff" as const,
        email: s.email,
        displayName: s.name,
        passwordHash,
        mfaSecretEnc: encryptSecret(demoTotpSecret(s.email), demoStaffId(s.key), mfaKey),
        mfaEnabledAt: now,
      })),
    );
    await tx.insert(t.staffMemberships).values(
      DEMO_STAFF.flatMap((s) =>
        s.roles.map((role) => ({
          userId: demoStaffId(s.key),
          organisationId: DEMO_ORG_ID,
          careTeamId: s.team ? DEMO_TEAMS[s.team].id : null,
          role,
        })),
      ),
    );
    await tx.insert(t.users).values(
      DEMO_PATIENT_ACCOUNTS.map((a) => ({
        id: demoPatientUserId(a.index),
        organisationId: DEMO_ORG_ID,
        kind: "patient" as const,
        email: a.email,
        displayName: `${demoPatientName(a.index).givenName} ${demoPatientName(a.index).familyName}`,
        passwordHash,
      })),
    );
    const accountByIndex = new Map(DEMO_PATIENT_ACCOUNTS.map((a) => [a.index, demoPatientUserId(a.index)]));
    await tx.insert(t.patients).values(
      Array.from({ length: DEMO_PATIENT_COUNT }, (_, i) => {
        const team = patientTeam(i);
        return {
          id: demoPatientId(i),
          organisationId: DEMO_ORG_ID,
          hospitalNumber: `ECC${String(100201 + i * 37).padStart(7, "0")}`,
          ...demoPatientName(i),
          dateOfBirth: new Date(Date.UTC(1948 + ((i * 13) % 40), (i * 5) % 12, 1 + ((i * 11) % 28)))
            .toISOString()
            .slice(0, 10),
          diagnosis: DIAGNOSES[team][i % DIAGNOSES[team].length],
          primaryCareTeamId: DEMO_TEAMS[team].id,
          userId: accountByIndex.get(i) ?? null,
        };
      }),
    );
    const enrolled = new Date(now.getTime() - 120 * DAY);
    await tx.insert(t.consentRules).values(
      Array.from({ length: DEMO_PATIENT_COUNT }, (_, i) => ({
        id: stableId(`consent:enrol:${i}`),
        patientId: demoPatientId(i),
        granteeCareTeamId: DEMO_TEAMS[patientTeam(i)].id,
        effect: "allow" as const,
        categories: ALL_CATEGORIES,
        validFrom: enrolled,
        validUntil:
          i === DEMO_EXPIRED_PATIENT_INDEX ? new Date(now.getTime() - DEMO_CONSENT_EXPIRED_DAYS_AGO * DAY) : null,
      })),
    );
    await tx.insert(t.consentRules).values({
      id: stableId("consent:deny-symptoms"),
      patientId: demoPatientId(DEMO_DENYING_PATIENT_INDEX),
      granteeUserId: demoStaffId("nurse1"),
      effect: "deny",
      categories: ["symptoms"],
      validFrom: new Date(now.getTime() - 30 * DAY),
    });
    await tx.execute(sql`insert into audit_events (action, organisation_id, outcome, details)
      values ('demo_data_seeded', ${DEMO_ORG_ID}, 'allowed', ${JSON.stringify({ patients: DEMO_PATIENT_COUNT })}::jsonb)`);
  });
  return true;
}

/**
 * The demo patients who have no row yet in `table` (its `patientColumn` naming them), by id: those
 * a later seeding step (reports, treatment) still has to fill in.
 */
export async function demoPatientsWithout(db: Database, table: PgTable, patientColumn: AnyPgColumn) {
  const ids = Array.from({ length: DEMO_PATIENT_COUNT }, (_, i) => demoPatientId(i));
  const patients = await db
    .select({
      id: t.patients.id,
      careTeamId: t.patients.primaryCareTeamId,
      userId: t.patients.userId,
      diagnosis: t.patients.diagnosis,
    })
    .from(t.patients)
    .where(inArray(t.patients.id, ids));
  const done = await db.selectDistinct({ patientId: patientColumn }).from(table).where(inArray(patientColumn, ids));
  const skip = new Set(done.map((r) => r.patientId));
  return new Map(patients.filter((p) => !skip.has(p.id)).map((p) => [p.id, p]));
}

/** The sign-ins printed at start-up and listed in the README. */
export function demoSignIns(): { who: string; email: string }[] {
  return [
    ...DEMO_STAFF.map((s) => ({
      who: `${s.roles.join(", ")}${s.team ? ` (${DEMO_TEAMS[s.team].name})` : ""}; code: npm run demo:totp -- ${s.email}`,
      email: s.email,
    })),
    ...DEMO_PATIENT_ACCOUNTS.map((a) => ({ who: "patient", email: a.email })),
  ];
}
