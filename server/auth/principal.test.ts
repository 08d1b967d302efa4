import { describe, expect, expectTypeOf, test } from "vitest";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import {
  actingRole,
  type DeviceUser,
  hasRole,
  type PatientUser,
  type PrincipalFor,
  type SessionUser,
  type StaffUser,
  type UnlinkedPatientUser,
} from "./session";

const base = {
  userId: "u",
  sessionId: "s",
  displayName: "Someone",
  organisationId: "o",
  organisationSettings: {},
  memberships: [],
};
const nurse: StaffUser = { ...base, kind: "staff", roles: ["nurse"], patientId: null };
const admin: StaffUser = { ...base, kind: "staff", roles: ["admin"], patientId: null };
const patient: PatientUser = { ...base, kind: "patient", roles: [], patientId: "p1" };
const unlinked: UnlinkedPatientUser = { ...base, kind: "patient", roles: [], patientId: null };
const device: DeviceUser = {
  ...base,
  sessionId: "device:t1",
  kind: "device",
  roles: [],
  patientId: "p1",
  tokenId: "t1",
};

describe("the role check admits exactly the principals the roles name", () => {
  test.each([
    ["a nurse, for clinical roles", nurse, CLINICAL_ROLES, true],
    ["an admin, for clinical roles", admin, CLINICAL_ROLES, false],
    ["a patient, for clinical roles", patient, CLINICAL_ROLES, false],
    ["a device, for clinical roles", device, CLINICAL_ROLES, false],
    ["a patient, for the patient role", patient, ["patient"], true],
    ["a patient's device, for the patient role", device, ["patient"], true],
    ["a patient account without its record, for the patient role", unlinked, ["patient"], false],
    ["a nurse, for the patient role", nurse, ["patient"], false],
    ["an admin, for admin", admin, ["admin"], true],
  ] as const)("%s → %s", (_name, user: SessionUser, roles, expected) => {
    expect(hasRole(user, roles)).toBe(expected);
  });

  test("a device acts as the patient in the audit trail", () => {
    expect(actingRole(device, ["patient"])).toBe("patient");
    expect(actingRole(nurse, CLINICAL_ROLES)).toBe("nurse");
  });
});

describe("the principal a role list lets through, at the type level", () => {
  test("patient-only roles give a principal whose patientId is a string", () => {
    expectTypeOf<PrincipalFor<readonly ["patient"]>>().toEqualTypeOf<PatientUser | DeviceUser>();
    expectTypeOf<PrincipalFor<readonly ["patient"]>["patientId"]>().toEqualTypeOf<string>();
    expectTypeOf<PrincipalFor<typeof CLINICAL_ROLES>>().toEqualTypeOf<StaffUser>();
    expectTypeOf<PrincipalFor<readonly ["admin", "patient"]>>().toEqualTypeOf<StaffUser | PatientUser | DeviceUser>();
  });

  test("the role check narrows the user it is given", () => {
    const patientIdOf = (user: SessionUser): string => {
      if (!hasRole(user, ["patient"])) throw new Error("not a patient");
      expectTypeOf(user).toEqualTypeOf<PatientUser | DeviceUser>();
      return user.patientId;
    };
    expect(patientIdOf(patient)).toBe("p1");
    expect(patientIdOf(device)).toBe("p1");
    expect(() => patientIdOf(unlinked)).toThrow();
    // @ts-expect-error: without the role check the patient record may be missing.
    const unchecked = (user: SessionUser): string => user.patientId;
    expect(unchecked(nurse)).toBeNull();
  });
});
