/**
 * The demo cancer centre the server under test is seeded with (db/seed.ts), and the facts about it
 * the browser tests check against.
 */
import {
  DEMO_DENYING_PATIENT_INDEX,
  DEMO_EXPIRED_PATIENT_INDEX,
  DEMO_PASSWORD,
  DEMO_PATIENT_ACCOUNTS,
  DEMO_PATIENT_COUNT,
  DEMO_STAFF,
  DEMO_TEAMS,
  demoPatientId,
  demoPatientName,
  demoTotpSecret,
} from "../../server/demo/seed";

export { DEMO_PASSWORD, DEMO_STAFF, DEMO_TEAMS, demoPatientId };

/** A demo patient's full name, as the record shows it. */
export const patientName = (index: number) =>
  `${demoPatientName(index).givenName} ${demoPatientName(index).familyName}`;

/** `totpSecret` for accounts with two-factor sign-in: every demo staff member has it set up. */
export type DemoAccount = { email: string; password: string; name: string; totpSecret?: string };

export function staff(key: string): DemoAccount {
  const s = DEMO_STAFF.find((member) => member.key === key);
  if (!s) throw new Error(`No demo staff member "${key}" in db/seed.ts`);
  return { email: s.email, password: DEMO_PASSWORD, name: s.name, totpSecret: demoTotpSecret(s.email) };
}

/** Patient 0 has a portal account; the seed names the account and the record alike. */
export const PATIENT_ACCOUNT: DemoAccount = {
  email: DEMO_PATIENT_ACCOUNTS.find((a) => a.index === 0)?.email ?? "elspeth.muir@patient.example",
  password: DEMO_PASSWORD,
  name: "Elspeth Muir",
};

/**
 * Patient 1 (Lung and Upper GI) has a portal account too. The triage specs report as patient 0 and
 * look at the Breast team's queue, so the reports this account sends disturb none of them.
 */
export const LUNG_PATIENT_ACCOUNT: DemoAccount & { index: number; id: string } = {
  index: 1,
  id: demoPatientId(1),
  email: DEMO_PATIENT_ACCOUNTS.find((a) => a.index === 1)?.email ?? "graham.henderson@patient.example",
  password: DEMO_PASSWORD,
  name: patientName(1),
};

/**
 * A Breast Oncology patient with a portal account and no active alert in the demo data. A patient
 * has one active alert at a time and a later report joins it, so each spec that needs a new alert of
 * its own reports as its own patient: 12 and 16 for e2e/alert-dialogs.spec.ts, 22 and 24 for
 * e2e/triage-live.spec.ts, 26 for e2e/triage-resolve.spec.ts. Patient 0 stays with the specs that
 * only send reports (report-advice, triage-concurrency).
 */
export function breastPatientAccount(index: 12 | 16 | 22 | 24 | 26): DemoAccount & { index: number; id: string } {
  const account = DEMO_PATIENT_ACCOUNTS.find((a) => a.index === index);
  if (!account || !isBreastPatient(index)) throw new Error(`No Breast Oncology portal account for patient ${index}`);
  return { index, id: demoPatientId(index), email: account.email, password: DEMO_PASSWORD, name: patientName(index) };
}

/** As in db/seed.ts: even-numbered patients belong to the Breast team, odd ones to Lung and Upper GI. */
export const isBreastPatient = (index: number) => index % 2 === 0;

/** As in db/seed.ts: `ECC` and 100201 + 37 × index, seven digits. */
export const hospitalNumber = (index: number) => `ECC${String(100201 + index * 37).padStart(7, "0")}`;

/** Patients whose consent to the Breast team is in force: all of the team's patients but the expired one. */
export const BREAST_VISIBLE_INDEXES = Array.from({ length: DEMO_PATIENT_COUNT }, (_, i) => i).filter(
  (i) => isBreastPatient(i) && i !== DEMO_EXPIRED_PATIENT_INDEX,
);

export const EXPIRED_PATIENT = {
  index: DEMO_EXPIRED_PATIENT_INDEX,
  hospitalNumber: hospitalNumber(DEMO_EXPIRED_PATIENT_INDEX),
};

/**
 * Withholds symptom reports from nurse1 (Fiona Grant). The record is found by name and hospital
 * number together.
 */
export const DENYING_PATIENT = {
  index: DEMO_DENYING_PATIENT_INDEX,
  id: demoPatientId(DEMO_DENYING_PATIENT_INDEX),
  name: "Ailsa Baird",
  hospitalNumber: hospitalNumber(DEMO_DENYING_PATIENT_INDEX),
};

/** What the sign-in form says for every refusal. */
export const SIGN_IN_REFUSED = "The email or password is incorrect, or the account cannot sign in right now.";

/** The demo centre's 24-hour line (its organisation settings in db/seed.ts), which red advice gives. */
export const DEMO_HOSPITAL_LINE = "0131 537 1000";
