import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { ofParentPatient, requiredRef, timestamptz, timestamptzNow, uuidKey } from "./columns";
import { reportSource } from "./enums";
import { patients } from "./patients";
import { users } from "./users";

/** One submission of the symptom questionnaire. Reports are immutable once stored. */
export const symptomReports = pgTable(
  "symptom_reports",
  {
    id: uuidKey(),
    patientId: requiredRef(() => patients.id),
    source: reportSource().notNull(),
    /** Who submitted: the patient, or the clinician who took it by phone. */
    submittedBy: uuid().references(() => users.id),
    idempotencyKey: text(),
    reportedAt: timestamptzNow(),
    temperatureC: numeric({ precision: 3, scale: 1, mode: "number" }),
    redFlags: text().array().notNull().default(sql`'{}'::text[]`),
    canWait: boolean(),
    note: text(),
    createdAt: timestamptzNow(),
    /** The language the questions were read in; only English is the validated PRO-CTCAE wording. */
    locale: text().notNull().default("en"),
  },
  (t) => [
    check("symptom_reports_locale", sql`${t.locale} in ('en', 'es', 'ca', 'nl')`),
    uniqueIndex("symptom_reports_idempotency_key").on(t.patientId, t.idempotencyKey),
    index().on(t.patientId, t.reportedAt),
    check("symptom_reports_note_length", sql`char_length(${t.note}) <= 1000`),
    // Answers, grades and the alert name their report with its patient (ofParentPatient).
    unique("symptom_reports_id_patient_key").on(t.id, t.patientId),
  ],
);

/** Every answer as given; `value` is null where the question was skipped or left blank. */
export const symptomAnswers = pgTable(
  "symptom_answers",
  {
    reportId: uuid().notNull(),
    patientId: requiredRef(() => patients.id),
    symptom: text().notNull(),
    attribute: text().notNull(),
    value: smallint(),
  },
  (t) => [
    primaryKey({ columns: [t.reportId, t.symptom, t.attribute] }),
    ofParentPatient(
      "symptom_answers_report_patient_fk",
      [t.reportId, t.patientId],
      [symptomReports.id, symptomReports.patientId],
    ),
    // A record's reports and their answers, joined by the patient as well as the report; it also
    // serves every lookup by patient alone.
    index().on(t.patientId, t.reportId),
  ],
);

/** The composite PRO-CTCAE grade (0-3) of each symptom in a report; null where an answer was missing. */
export const symptomGrades = pgTable(
  "symptom_grades",
  {
    reportId: uuid().notNull(),
    patientId: requiredRef(() => patients.id),
    symptom: text().notNull(),
    grade: smallint(),
    reportedAt: timestamptz().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.reportId, t.symptom] }),
    ofParentPatient(
      "symptom_grades_report_patient_fk",
      [t.reportId, t.patientId],
      [symptomReports.id, symptomReports.patientId],
    ),
    index().on(t.patientId, t.symptom, t.reportedAt),
    // A record's reports and their grades, joined by the patient as well as the report.
    index().on(t.patientId, t.reportId),
    check("symptom_grades_range", sql`${t.grade} between 0 and 3`),
  ],
);

export type SymptomReportRow = typeof symptomReports.$inferSelect;
