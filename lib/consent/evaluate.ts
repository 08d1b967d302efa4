/**
 * The consent rule, as one pure function. db/sql/consent.sql expresses the same rule
 * for row-level security (app.consented_patient_ids); tests/consent-equivalence.test.ts runs both
 * over random cases and demands the same answer.
 */
import { DATA_CATEGORIES, type DataCategory, type StaffRole } from "@/lib/vocabulary";

export type Membership = { organisationId: string; careTeamId: string | null; role: StaffRole };

export type Viewer = {
  userId: string;
  active: boolean;
  memberships: Membership[];
  /** The patient record that belongs to this account, if the viewer is a patient. */
  ownPatientId: string | null;
};

export type ConsentRule = {
  patientId: string;
  granteeUserId: string | null;
  granteeCareTeamId: string | null;
  effect: "allow" | "deny";
  categories: readonly DataCategory[];
  validFrom: Date;
  validUntil: Date | null;
  revokedAt: Date | null;
};

export type EmergencyAccess = { userId: string; patientId: string; startedAt: Date; expiresAt: Date };

export type ReadQuestion = {
  viewer: Viewer;
  patient: { id: string; organisationId: string };
  category: DataCategory;
  rules: readonly ConsentRule[];
  emergencyAccesses?: readonly EmergencyAccess[];
  now: Date;
};

const isClinical = (m: Membership) => m.role === "oncologist" || m.role === "nurse";

/** A rule is active from `validFrom` until `validUntil` (exclusive), unless it was revoked. */
export function isRuleActive(rule: ConsentRule, now: Date): boolean {
  return (
    rule.revokedAt === null &&
    rule.validFrom.getTime() <= now.getTime() &&
    (rule.validUntil === null || rule.validUntil.getTime() > now.getTime())
  );
}

/** Whether the rule names the viewer, directly or through a care team they hold a clinical role in. */
export function ruleCoversViewer(rule: ConsentRule, viewer: Viewer): boolean {
  if (rule.granteeUserId !== null) return rule.granteeUserId === viewer.userId;
  return viewer.memberships.some(
    (m) => isClinical(m) && m.careTeamId !== null && m.careTeamId === rule.granteeCareTeamId,
  );
}

/**
 * May this viewer read this category of this patient's record? A patient always reads their own.
 * Staff need a clinical role in the patient's organisation and either an unexpired emergency
 * access, or an active allow rule covering them and the category with no active deny rule
 * covering them for it: deny overrides allow. An admin without a clinical role reads nothing.
 */
export function canReadCategory(q: ReadQuestion): boolean {
  const { viewer, patient, category, now } = q;
  if (!viewer.active) return false;
  if (viewer.ownPatientId !== null && viewer.ownPatientId === patient.id) return true;
  const clinicalInOrg = viewer.memberships.some((m) => isClinical(m) && m.organisationId === patient.organisationId);
  if (!clinicalInOrg) return false;

  const inEmergency = (q.emergencyAccesses ?? []).some(
    (e) =>
      e.userId === viewer.userId &&
      e.patientId === patient.id &&
      e.startedAt.getTime() <= now.getTime() &&
      e.expiresAt.getTime() > now.getTime(),
  );
  if (inEmergency) return true;

  const covering = q.rules.filter(
    (r) =>
      r.patientId === patient.id &&
      r.categories.includes(category) &&
      isRuleActive(r, now) &&
      ruleCoversViewer(r, viewer),
  );
  return covering.some((r) => r.effect === "allow") && !covering.some((r) => r.effect === "deny");
}

/** Every category this viewer may read of this patient's record. */
export function readableCategories(q: Omit<ReadQuestion, "category">): DataCategory[] {
  return DATA_CATEGORIES.filter((category) => canReadCategory({ ...q, category }));
}

/**
 * A backend service (SMART Backend Services) reads for the care teams an admin granted it, as a
 * member of those teams would, and for nothing else: it is nobody's account, so a rule naming a
 * person never covers it and it has no emergency access. Every category the patient, of the
 * service's organisation, allows one of those teams with no active deny rule for any of them.
 * db/sql/smart.sql (app.backend_patient_ids) holds the same rule for row-level security.
 */
export function serviceReadableCategories(q: {
  service: { organisationId: string; careTeamIds: readonly string[] };
  patient: { id: string; organisationId: string };
  rules: readonly ConsentRule[];
  now: Date;
}): DataCategory[] {
  if (q.patient.organisationId !== q.service.organisationId) return [];
  return DATA_CATEGORIES.filter((category) => {
    const covering = q.rules.filter(
      (r) =>
        r.patientId === q.patient.id &&
        r.granteeUserId === null &&
        r.granteeCareTeamId !== null &&
        q.service.careTeamIds.includes(r.granteeCareTeamId) &&
        r.categories.includes(category) &&
        isRuleActive(r, q.now),
    );
    return covering.some((r) => r.effect === "allow") && !covering.some((r) => r.effect === "deny");
  });
}
