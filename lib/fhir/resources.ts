/**
 * The records of this service as FHIR R4 resources: plain values in, plain JSON out. A report is a
 * QuestionnaireResponse; each answer, each composite grade and the temperature of a report is an
 * Observation derived from it; an alert episode is a Flag.
 *
 * Why Flag and not DetectedIssue: an alert here is a warning on the patient's record for the care
 * team to act on, active until someone resolves it, spanning every amber or red report of its
 * episode. That is what Flag is for ("prospective warnings of potential issues when providing care
 * to the patient"). DetectedIssue records a problem found with a patient's specific actions (a drug
 * interaction, a duplicate order) with a mitigation, and has no active/inactive life of its own.
 */

import {
  type Attribute,
  isSymptomCode,
  SYMPTOM_ITEMS,
  type SymptomCode,
  type SymptomItem,
  symptomItem,
} from "../grading/items";
import { isRedFlag } from "../triage/red-flags";
import type { AlertSeverity, AlertStatus, ReportSource } from "../vocabulary";
import {
  ALERT_LEVEL_SYSTEM,
  BODY_TEMPERATURE,
  CANONICAL_BASE,
  gradeCode,
  HOSPITAL_NUMBER_SYSTEM,
  itemCode,
  LOINC,
  OBSERVATION_CATEGORY,
  PRO_CTCAE_SYSTEM,
  QUESTIONNAIRE_URL,
  questionCode,
  REPORT_KEY_SYSTEM,
  UCUM,
} from "./codes";
import { answerCoding, LINK, redFlagCoding } from "./questionnaire";
import type { Resource } from "./types";

const iso = (at: Date) => at.toISOString();

export type FhirPatientRow = {
  id: string;
  hospitalNumber: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
};

export function patientResource(p: FhirPatientRow): Resource {
  return {
    resourceType: "Patient",
    id: p.id,
    identifier: [{ use: "usual", system: HOSPITAL_NUMBER_SYSTEM, value: p.hospitalNumber }],
    active: true,
    name: [{ use: "official", family: p.familyName, given: [p.givenName] }],
    birthDate: p.dateOfBirth,
  };
}

/** One stored answer: `value` null where the question was skipped or left blank. */
export type FhirAnswer = { symptom: string; attribute: string; value: number | null };

export type FhirReport = {
  id: string;
  patientId: string;
  source: ReportSource;
  /** The idempotency key the sender chose, if any: the response's identifier. */
  key: string | null;
  reportedAt: Date;
  createdAt: Date;
  temperatureC: number | null;
  redFlags: string[];
  canWait: boolean | null;
  note: string | null;
  answers: FhirAnswer[];
};

const patientRef = (patientId: string) => ({ reference: `Patient/${patientId}` });

/** The answers of a symptom item, in the order asked; unanswered ones left out. */
function answeredQuestions(item: SymptomItem, answers: readonly FhirAnswer[]) {
  return item.attributes.flatMap((attribute) => {
    const answer = answers.find((a) => a.symptom === item.code && a.attribute === attribute);
    return answer && answer.value !== null ? [{ attribute, value: answer.value }] : [];
  });
}

export function questionnaireResponseResource(r: FhirReport): Resource {
  const groups = SYMPTOM_ITEMS.flatMap((item) => {
    const answered = answeredQuestions(item, r.answers);
    if (answered.length === 0) return [];
    return [
      {
        linkId: itemCode(item),
        text: item.label,
        item: answered.map(({ attribute, value }) => ({
          linkId: questionCode(item, attribute),
          text: item.questions[attribute],
          answer: [{ valueCoding: answerCoding(attribute, value) }],
        })),
      },
    ];
  });
  const flags = r.redFlags.filter(isRedFlag);
  const others = [
    ...(r.temperatureC !== null ? [{ linkId: LINK.temperature, answer: [{ valueDecimal: r.temperatureC }] }] : []),
    ...(flags.length > 0
      ? [{ linkId: LINK.redFlags, answer: flags.map((flag) => ({ valueCoding: redFlagCoding(flag) })) }]
      : []),
    ...(r.canWait !== null ? [{ linkId: LINK.canWait, answer: [{ valueBoolean: r.canWait }] }] : []),
    ...(r.note ? [{ linkId: LINK.note, answer: [{ valueString: r.note }] }] : []),
  ];
  return {
    resourceType: "QuestionnaireResponse",
    id: r.id,
    meta: { lastUpdated: iso(r.createdAt) },
    ...(r.key !== null && { identifier: { system: REPORT_KEY_SYSTEM, value: r.key } }),
    questionnaire: QUESTIONNAIRE_URL,
    status: "completed",
    subject: patientRef(r.patientId),
    authored: iso(r.reportedAt),
    ...(r.source !== "clinician_phone" && { source: patientRef(r.patientId) }),
    item: [...groups, ...others],
  };
}

/** An Observation row, as the database lists them for a search. */
export type FhirObservationRow = {
  reportId: string;
  patientId: string;
  reportedAt: Date;
  createdAt: Date;
} & (
  | { kind: "answer"; symptom: string; attribute: string; value: number }
  | { kind: "grade"; symptom: string; grade: number | null }
  | { kind: "temperature"; celsius: number }
);

/** The id of an Observation: the report's id, a dot, and `48a` (an answer), `48g` (a grade) or `temp`. */
export function observationId(row: FhirObservationRow): string {
  if (row.kind === "temperature") return `${row.reportId}.temp`;
  const item = symptomItem(row.symptom as SymptomCode);
  if (row.kind === "grade") return `${row.reportId}.${item.itemNumber}g`;
  const index = item.attributes.indexOf(row.attribute as Attribute);
  return `${row.reportId}.${item.itemNumber}${String.fromCharCode(97 + index)}`;
}

/** What an Observation id names, or null when it is not one of ours. */
export type ObservationKey =
  | { reportId: string; kind: "temperature" }
  | { reportId: string; kind: "grade"; symptom: SymptomCode }
  | { reportId: string; kind: "answer"; symptom: SymptomCode; attribute: Attribute };

export function parseObservationId(id: string): ObservationKey | null {
  const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(temp|(\d{1,3})([a-cg]))$/i.exec(id);
  if (!m) return null;
  const reportId = m[1].toLowerCase();
  if (m[2] === "temp") return { reportId, kind: "temperature" };
  const item = SYMPTOM_ITEMS.find((i) => i.itemNumber === Number(m[3]));
  if (!item) return null;
  if (m[4] === "g")
    return item.attributes.includes("presence") ? null : { reportId, kind: "grade", symptom: item.code };
  const attribute = item.attributes[m[4].charCodeAt(0) - 97];
  return attribute ? { reportId, kind: "answer", symptom: item.code, attribute } : null;
}

const category = (code: "survey" | "vital-signs") => [
  { coding: [{ system: OBSERVATION_CATEGORY, code, display: code === "survey" ? "Survey" : "Vital Signs" }] },
];

export function observationResource(row: FhirObservationRow): Resource {
  const common = {
    resourceType: "Observation",
    id: observationId(row),
    meta: { lastUpdated: iso(row.createdAt) },
    status: "final",
    subject: patientRef(row.patientId),
    effectiveDateTime: iso(row.reportedAt),
    issued: iso(row.createdAt),
    derivedFrom: [{ reference: `QuestionnaireResponse/${row.reportId}` }],
  };
  if (row.kind === "temperature") {
    return {
      ...common,
      category: category("vital-signs"),
      code: { coding: [{ system: LOINC, code: BODY_TEMPERATURE, display: "Body temperature" }], text: "Temperature" },
      valueQuantity: { value: row.celsius, unit: "Cel", system: UCUM, code: "Cel" },
    };
  }
  if (!isSymptomCode(row.symptom)) throw new RangeError(`Unknown symptom code: ${row.symptom}`);
  const item = symptomItem(row.symptom);
  if (row.kind === "grade") {
    return {
      ...common,
      category: category("survey"),
      code: {
        coding: [
          { system: PRO_CTCAE_SYSTEM, code: gradeCode(item), display: `${item.shortLabel} composite grade (0-3)` },
        ],
        text: `${item.shortLabel} composite grade`,
      },
      ...(row.grade === null
        ? {
            dataAbsentReason: {
              coding: [{ system: "http://terminology.hl7.org/CodeSystem/data-absent-reason", code: "unknown" }],
              text: "Not every question of the symptom was answered",
            },
          }
        : { valueInteger: row.grade }),
    };
  }
  const attribute = row.attribute as Attribute;
  return {
    ...common,
    category: category("survey"),
    code: {
      coding: [
        { system: PRO_CTCAE_SYSTEM, code: questionCode(item, attribute), display: `${item.shortLabel} ${attribute}` },
      ],
      text: item.questions[attribute],
    },
    valueCodeableConcept: { coding: [answerCoding(attribute, row.value)] },
  };
}

export type FhirAlert = {
  id: string;
  patientId: string;
  severity: AlertSeverity;
  status: AlertStatus;
  /** Null when the caller may not read the patient's symptoms, which the reasons quote. */
  reasons: string[] | null;
  raisedAt: Date;
  resolvedAt: Date | null;
  lastUpdated: Date;
};

export const ALERT_STATUS_EXTENSION = `${CANONICAL_BASE}/StructureDefinition/alert-status`;
export const WITHHELD = "Details withheld by the patient";

export function flagResource(a: FhirAlert): Resource {
  const level = a.severity === "red" ? "Red alert" : "Amber alert";
  return {
    resourceType: "Flag",
    id: a.id,
    meta: { lastUpdated: iso(a.lastUpdated) },
    extension: [{ url: ALERT_STATUS_EXTENSION, valueCode: a.status }],
    status: a.status === "resolved" ? "inactive" : "active",
    category: [
      {
        coding: [
          { system: "http://terminology.hl7.org/CodeSystem/flag-category", code: "clinical", display: "Clinical" },
        ],
      },
    ],
    code: {
      coding: [{ system: ALERT_LEVEL_SYSTEM, code: a.severity, display: level }],
      text: a.reasons === null ? `${level}: ${WITHHELD}` : `${level}: ${a.reasons.join("; ")}`,
    },
    subject: patientRef(a.patientId),
    period: { start: iso(a.raisedAt), ...(a.resolvedAt && { end: iso(a.resolvedAt) }) },
  };
}
