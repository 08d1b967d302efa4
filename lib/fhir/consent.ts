/**
 * A patient's consent rules as FHIR Consent resources (scope `patient-privacy`): each rule permits
 * or denies one care team or one member of staff access to some categories of the record, from when
 * it was made until it expires or the patient revokes it. Nobody reads a record without a rule that
 * permits it, so the base policy is opt-in (`OPTIN`); a deny overrides any permit.
 */
import type { DataCategory } from "../vocabulary";
import { CANONICAL_BASE } from "./codes";
import type { Resource } from "./types";

/** The categories of a record a rule covers, as codes of our own. */
export const DATA_CATEGORY_SYSTEM = `${CANONICAL_BASE}/CodeSystem/data-category`;
export const CARE_TEAM_SYSTEM = `${CANONICAL_BASE}/NamingSystem/care-team`;
export const STAFF_SYSTEM = `${CANONICAL_BASE}/NamingSystem/staff`;

export type FhirConsentRule = {
  id: string;
  patientId: string;
  effect: "allow" | "deny";
  grantee: { kind: "care_team" | "staff"; id: string; name: string };
  categories: readonly string[];
  validFrom: Date;
  validUntil: Date | null;
  revokedAt: Date | null;
};

const CATEGORY_NAMES: Record<DataCategory, string> = {
  symptoms: "Symptom reports",
  treatment: "Treatment plan",
  alerts: "Alerts",
  demographics: "Personal details",
};

export function consentResource(rule: FhirConsentRule, now: Date): Resource {
  const ends = rule.revokedAt ?? rule.validUntil;
  const active = rule.revokedAt === null && (rule.validUntil === null || rule.validUntil > now);
  return {
    resourceType: "Consent",
    id: rule.id,
    status: active ? "active" : "inactive",
    scope: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/consentscope", code: "patient-privacy" }] },
    category: [{ coding: [{ system: "http://loinc.org", code: "59284-0", display: "Patient Consent" }] }],
    patient: { reference: `Patient/${rule.patientId}` },
    dateTime: rule.validFrom.toISOString(),
    policyRule: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "OPTIN" }] },
    provision: {
      type: rule.effect === "allow" ? "permit" : "deny",
      period: { start: rule.validFrom.toISOString(), ...(ends && { end: ends.toISOString() }) },
      actor: [
        {
          role: {
            coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", code: "IRCP" }],
          },
          reference: {
            identifier: {
              system: rule.grantee.kind === "care_team" ? CARE_TEAM_SYSTEM : STAFF_SYSTEM,
              value: rule.grantee.id,
            },
            display: rule.grantee.name,
          },
        },
      ],
      action: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/consentaction", code: "access" }] }],
      code: rule.categories.map((c) => ({
        coding: [{ system: DATA_CATEGORY_SYSTEM, code: c, display: CATEGORY_NAMES[c as DataCategory] ?? c }],
      })),
    },
  };
}
