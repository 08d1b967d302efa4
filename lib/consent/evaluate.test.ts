import { describe, expect, test } from "vitest";
import type { DataCategory } from "@/lib/vocabulary";
import {
  type ConsentRule,
  canReadCategory,
  type EmergencyAccess,
  isRuleActive,
  type Membership,
  type ReadQuestion,
  readableCategories,
  ruleCoversViewer,
  type Viewer,
} from "./evaluate";

const NOW = new Date("2026-06-01T12:00:00.000Z");
const ms = (offset: number) => new Date(NOW.getTime() + offset);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const ORG_A = "org-a";
const ORG_B = "org-b";
const TEAM_A1 = "team-a1";
const TEAM_A2 = "team-a2";
const TEAM_B1 = "team-b1";
const PATIENT = { id: "patient-1", organisationId: ORG_A };

const member = (organisationId: string, careTeamId: string | null, role: Membership["role"]): Membership => ({
  organisationId,
  careTeamId,
  role,
});
const viewer = (userId: string, memberships: Membership[], extra: Partial<Viewer> = {}): Viewer => ({
  userId,
  active: true,
  memberships,
  ownPatientId: null,
  ...extra,
});

const NURSE = viewer("nurse", [member(ORG_A, TEAM_A1, "nurse")]);
const ONCOLOGIST = viewer("oncologist", [member(ORG_A, TEAM_A1, "oncologist")]);

const rule = (over: Partial<ConsentRule>): ConsentRule => ({
  patientId: PATIENT.id,
  granteeUserId: null,
  granteeCareTeamId: TEAM_A1,
  effect: "allow",
  categories: ["symptoms", "treatment", "alerts", "demographics"],
  validFrom: ms(-30 * DAY),
  validUntil: null,
  revokedAt: null,
  ...over,
});
const TEAM_ALLOW = rule({});

function ask(over: Partial<ReadQuestion> & Pick<ReadQuestion, "viewer">): boolean {
  return canReadCategory({ patient: PATIENT, category: "symptoms", rules: [TEAM_ALLOW], now: NOW, ...over });
}

describe("isRuleActive", () => {
  test("from validFrom inclusive", () => {
    expect(isRuleActive(rule({ validFrom: NOW }), NOW)).toBe(true);
    expect(isRuleActive(rule({ validFrom: ms(1) }), NOW)).toBe(false);
    expect(isRuleActive(rule({ validFrom: ms(-1) }), NOW)).toBe(true);
  });

  test("until validUntil exclusive", () => {
    expect(isRuleActive(rule({ validUntil: NOW }), NOW)).toBe(false);
    expect(isRuleActive(rule({ validUntil: ms(-1) }), NOW)).toBe(false);
    expect(isRuleActive(rule({ validUntil: ms(1) }), NOW)).toBe(true);
    expect(isRuleActive(rule({ validUntil: null }), NOW)).toBe(true);
  });

  test("a revoked rule is inactive whenever it was revoked, even in the future", () => {
    expect(isRuleActive(rule({ revokedAt: ms(-DAY) }), NOW)).toBe(false);
    expect(isRuleActive(rule({ revokedAt: NOW }), NOW)).toBe(false);
    expect(isRuleActive(rule({ revokedAt: ms(DAY) }), NOW)).toBe(false);
  });
});

describe("ruleCoversViewer", () => {
  test("a direct grant covers exactly that user", () => {
    const direct = rule({ granteeUserId: "nurse", granteeCareTeamId: null });
    expect(ruleCoversViewer(direct, NURSE)).toBe(true);
    expect(ruleCoversViewer(direct, ONCOLOGIST)).toBe(false);
  });

  test("a direct grant covers the user whatever their role (the clinical check is canReadCategory's)", () => {
    const admin = viewer("admin", [member(ORG_A, null, "admin")]);
    expect(ruleCoversViewer(rule({ granteeUserId: "admin", granteeCareTeamId: null }), admin)).toBe(true);
  });

  test("a team grant covers those holding a clinical role in that team", () => {
    expect(ruleCoversViewer(TEAM_ALLOW, NURSE)).toBe(true);
    expect(ruleCoversViewer(TEAM_ALLOW, ONCOLOGIST)).toBe(true);
    expect(ruleCoversViewer(TEAM_ALLOW, viewer("other", [member(ORG_A, TEAM_A2, "nurse")]))).toBe(false);
  });

  test("team membership with an admin role does not count", () => {
    const teamAdmin = viewer("team-admin", [member(ORG_A, TEAM_A1, "admin")]);
    expect(ruleCoversViewer(TEAM_ALLOW, teamAdmin)).toBe(false);
    const adminHereNurseElsewhere = viewer("mixed", [member(ORG_A, TEAM_A1, "admin"), member(ORG_A, TEAM_A2, "nurse")]);
    expect(ruleCoversViewer(TEAM_ALLOW, adminHereNurseElsewhere)).toBe(false);
  });

  test("a clinical role with no team does not match a team grant", () => {
    expect(ruleCoversViewer(TEAM_ALLOW, viewer("floating", [member(ORG_A, null, "oncologist")]))).toBe(false);
  });
});

describe("canReadCategory", () => {
  test("a team allow lets the team's clinicians read", () => {
    expect(ask({ viewer: NURSE })).toBe(true);
    expect(ask({ viewer: ONCOLOGIST })).toBe(true);
  });

  test("without any rule nobody on staff reads", () => {
    expect(ask({ viewer: NURSE, rules: [] })).toBe(false);
  });

  test("only the categories the allow rule lists", () => {
    const rules = [rule({ categories: ["treatment"] })];
    expect(ask({ viewer: NURSE, rules, category: "treatment" })).toBe(true);
    expect(ask({ viewer: NURSE, rules, category: "symptoms" })).toBe(false);
    expect(ask({ viewer: NURSE, rules, category: "demographics" })).toBe(false);
  });

  test("deny overrides allow: a direct deny beats a team allow", () => {
    const deny = rule({ granteeUserId: "nurse", granteeCareTeamId: null, effect: "deny", categories: ["symptoms"] });
    expect(ask({ viewer: NURSE, rules: [TEAM_ALLOW, deny] })).toBe(false);
    expect(ask({ viewer: NURSE, rules: [TEAM_ALLOW, deny], category: "treatment" })).toBe(true);
    // The deny names the nurse only: her colleague still reads.
    expect(ask({ viewer: ONCOLOGIST, rules: [TEAM_ALLOW, deny] })).toBe(true);
  });

  test("deny overrides allow: a team deny beats a direct allow", () => {
    const allow = rule({ granteeUserId: "nurse", granteeCareTeamId: null });
    const deny = rule({ effect: "deny", categories: ["symptoms"] });
    expect(ask({ viewer: NURSE, rules: [allow, deny] })).toBe(false);
    expect(ask({ viewer: NURSE, rules: [deny, allow] })).toBe(false);
  });

  test("an inactive deny does not override", () => {
    const base = { granteeUserId: "nurse", granteeCareTeamId: null, effect: "deny" as const };
    expect(ask({ viewer: NURSE, rules: [TEAM_ALLOW, rule({ ...base, revokedAt: ms(-1) })] })).toBe(true);
    expect(ask({ viewer: NURSE, rules: [TEAM_ALLOW, rule({ ...base, validUntil: NOW })] })).toBe(true);
    expect(ask({ viewer: NURSE, rules: [TEAM_ALLOW, rule({ ...base, validFrom: ms(1) })] })).toBe(true);
    expect(ask({ viewer: NURSE, rules: [TEAM_ALLOW, rule({ ...base, validFrom: NOW })] })).toBe(false);
  });

  test("a deny for another patient, another user or another category does not apply", () => {
    const deny = (over: Partial<ConsentRule>) =>
      rule({ granteeUserId: "nurse", granteeCareTeamId: null, effect: "deny", ...over });
    expect(ask({ viewer: NURSE, rules: [TEAM_ALLOW, deny({ patientId: "patient-2" })] })).toBe(true);
    expect(ask({ viewer: NURSE, rules: [TEAM_ALLOW, deny({ granteeUserId: "someone-else" })] })).toBe(true);
    expect(ask({ viewer: NURSE, rules: [TEAM_ALLOW, deny({ categories: ["alerts"] })] })).toBe(true);
  });

  test("an allow rule for another patient grants nothing", () => {
    expect(ask({ viewer: NURSE, rules: [rule({ patientId: "patient-2" })] })).toBe(false);
  });

  test("validity edges: validFrom == now allowed, validUntil == now denied", () => {
    expect(ask({ viewer: NURSE, rules: [rule({ validFrom: NOW })] })).toBe(true);
    expect(ask({ viewer: NURSE, rules: [rule({ validFrom: ms(1) })] })).toBe(false);
    expect(ask({ viewer: NURSE, rules: [rule({ validFrom: ms(-HOUR), validUntil: NOW })] })).toBe(false);
    expect(ask({ viewer: NURSE, rules: [rule({ validFrom: ms(-HOUR), validUntil: ms(1) })] })).toBe(true);
  });

  test("a revoked allow grants nothing", () => {
    expect(ask({ viewer: NURSE, rules: [rule({ revokedAt: ms(-1) })] })).toBe(false);
    expect(ask({ viewer: NURSE, rules: [rule({ revokedAt: ms(-1) }), rule({ revokedAt: null })] })).toBe(true);
  });

  test("direct vs team grantee", () => {
    const direct = [rule({ granteeUserId: "nurse", granteeCareTeamId: null })];
    expect(ask({ viewer: NURSE, rules: direct })).toBe(true);
    expect(ask({ viewer: ONCOLOGIST, rules: direct })).toBe(false);
    const otherTeam = [rule({ granteeCareTeamId: TEAM_A2 })];
    expect(ask({ viewer: NURSE, rules: otherTeam })).toBe(false);
    expect(ask({ viewer: viewer("a2", [member(ORG_A, TEAM_A2, "nurse")]), rules: otherTeam })).toBe(true);
  });

  test("an admin without a clinical role reads nothing, even when named directly", () => {
    const admin = viewer("admin", [member(ORG_A, null, "admin")]);
    const rules = [TEAM_ALLOW, rule({ granteeUserId: "admin", granteeCareTeamId: null })];
    for (const category of ["symptoms", "treatment", "alerts", "demographics"] as DataCategory[]) {
      expect(ask({ viewer: admin, rules, category })).toBe(false);
    }
    expect(readableCategories({ viewer: admin, patient: PATIENT, rules, now: NOW })).toEqual([]);
  });

  test("an admin in the team (admin role only) is not covered by the team grant", () => {
    const teamAdmin = viewer("team-admin", [member(ORG_A, TEAM_A1, "admin")]);
    expect(ask({ viewer: teamAdmin })).toBe(false);
  });

  test("an admin who is also a clinician of the team reads as that clinician", () => {
    const dual = viewer("dual", [member(ORG_A, null, "admin"), member(ORG_A, TEAM_A1, "oncologist")]);
    expect(ask({ viewer: dual })).toBe(true);
  });

  test("another organisation: a rule naming them grants nothing without a clinical role in the patient's organisation", () => {
    const nurseB = viewer("nurse-b", [member(ORG_B, TEAM_B1, "nurse")]);
    expect(ask({ viewer: nurseB, rules: [rule({ granteeUserId: "nurse-b", granteeCareTeamId: null })] })).toBe(false);
    expect(ask({ viewer: nurseB, rules: [rule({ granteeCareTeamId: TEAM_B1 })] })).toBe(false);
    // A clinician in both organisations meets both conditions: a clinical role in the patient's
    // organisation, and a rule covering them (directly, or through a team they are a clinician in).
    const both = viewer("both", [member(ORG_B, TEAM_B1, "nurse"), member(ORG_A, TEAM_A2, "nurse")]);
    expect(ask({ viewer: both, rules: [rule({ granteeUserId: "both", granteeCareTeamId: null })] })).toBe(true);
    expect(ask({ viewer: both, rules: [rule({ granteeCareTeamId: TEAM_B1 })] })).toBe(true);
    expect(ask({ viewer: both, rules: [rule({ granteeCareTeamId: TEAM_A1 })] })).toBe(false);
  });

  test("a deactivated viewer reads nothing, their own record included", () => {
    expect(ask({ viewer: { ...NURSE, active: false } })).toBe(false);
    const patient = viewer("patient-user", [], { ownPatientId: PATIENT.id, active: false });
    expect(ask({ viewer: patient, rules: [] })).toBe(false);
  });

  test("a patient always reads their own record, whatever the rules say, and nobody else's", () => {
    const patient = viewer("patient-user", [], { ownPatientId: PATIENT.id });
    const denyAll = rule({ granteeUserId: "patient-user", granteeCareTeamId: null, effect: "deny" });
    expect(readableCategories({ viewer: patient, patient: PATIENT, rules: [denyAll], now: NOW })).toEqual([
      "symptoms",
      "treatment",
      "alerts",
      "demographics",
    ]);
    expect(ask({ viewer: patient, patient: { id: "patient-2", organisationId: ORG_A } })).toBe(false);
  });
});

describe("emergency access", () => {
  const emergency = (over: Partial<EmergencyAccess> = {}): EmergencyAccess => ({
    userId: "nurse",
    patientId: PATIENT.id,
    startedAt: ms(-HOUR),
    expiresAt: ms(HOUR),
    ...over,
  });
  const withEmergency = (e: EmergencyAccess, v: Viewer = NURSE, category: DataCategory = "symptoms") =>
    canReadCategory({ viewer: v, patient: PATIENT, category, rules: [], emergencyAccesses: [e], now: NOW });

  test("an unexpired emergency access lets a clinician of the organisation read every category without consent", () => {
    for (const category of ["symptoms", "treatment", "alerts", "demographics"] as DataCategory[]) {
      expect(withEmergency(emergency(), NURSE, category)).toBe(true);
    }
    // Including a clinician of another team of the organisation.
    expect(withEmergency(emergency({ userId: "a2" }), viewer("a2", [member(ORG_A, TEAM_A2, "nurse")]))).toBe(true);
  });

  test("window edges: from startedAt inclusive, until expiresAt exclusive", () => {
    expect(withEmergency(emergency({ startedAt: NOW }))).toBe(true);
    expect(withEmergency(emergency({ startedAt: ms(1) }))).toBe(false);
    expect(withEmergency(emergency({ expiresAt: NOW }))).toBe(false);
    expect(withEmergency(emergency({ expiresAt: ms(1) }))).toBe(true);
    expect(withEmergency(emergency({ startedAt: ms(-2 * HOUR), expiresAt: ms(-HOUR) }))).toBe(false);
  });

  test("it is personal, for one patient", () => {
    expect(withEmergency(emergency({ userId: "oncologist" }))).toBe(false);
    expect(withEmergency(emergency({ patientId: "patient-2" }))).toBe(false);
  });

  test("it gives nothing to an admin without a clinical role, a clinician of another organisation, or a deactivated clinician", () => {
    expect(withEmergency(emergency({ userId: "admin" }), viewer("admin", [member(ORG_A, null, "admin")]))).toBe(false);
    expect(withEmergency(emergency({ userId: "nurse-b" }), viewer("nurse-b", [member(ORG_B, TEAM_B1, "nurse")]))).toBe(
      false,
    );
    expect(withEmergency(emergency(), { ...NURSE, active: false })).toBe(false);
  });

  test("it overrides a deny rule while it lasts", () => {
    const deny = rule({ granteeUserId: "nurse", granteeCareTeamId: null, effect: "deny" });
    const q = { viewer: NURSE, patient: PATIENT, category: "symptoms" as const, rules: [TEAM_ALLOW, deny], now: NOW };
    expect(canReadCategory(q)).toBe(false);
    expect(canReadCategory({ ...q, emergencyAccesses: [emergency()] })).toBe(true);
    expect(canReadCategory({ ...q, emergencyAccesses: [emergency({ expiresAt: NOW })] })).toBe(false);
  });
});

describe("readableCategories", () => {
  test("lists exactly the categories canReadCategory allows, in a fixed order", () => {
    const rules = [
      rule({ categories: ["alerts", "symptoms", "demographics"] }),
      rule({ granteeUserId: "nurse", granteeCareTeamId: null, effect: "deny", categories: ["alerts"] }),
    ];
    expect(readableCategories({ viewer: NURSE, patient: PATIENT, rules, now: NOW })).toEqual([
      "symptoms",
      "demographics",
    ]);
    expect(readableCategories({ viewer: ONCOLOGIST, patient: PATIENT, rules, now: NOW })).toEqual([
      "symptoms",
      "alerts",
      "demographics",
    ]);
  });

  test("nothing without a rule; everything for one's own record", () => {
    expect(readableCategories({ viewer: NURSE, patient: PATIENT, rules: [], now: NOW })).toEqual([]);
    expect(
      readableCategories({
        viewer: viewer("p", [], { ownPatientId: PATIENT.id }),
        patient: PATIENT,
        rules: [],
        now: NOW,
      }),
    ).toHaveLength(4);
  });
});
