import { expect, test } from "vitest";
import { alertEvents, treatmentPlanVersions } from "../db/schema";
import { as, PATIENT, RECORDS, USER } from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

// A clinician may write an alert's history or a plan's version only in their own name.
const db = suiteDatabase("actor_checks");

test("an alert event in the caller's own name is accepted", async () => {
  await as(db, USER.oncologistA1, (tx) =>
    tx.insert(alertEvents).values({
      alertId: RECORDS.P1.alert,
      patientId: PATIENT.P1,
      userId: USER.oncologistA1,
      kind: "note",
      note: "called",
    }),
  );
});

test("an alert event naming a colleague as its author is refused", async () => {
  await expect(
    as(db, USER.oncologistA1, (tx) =>
      tx
        .insert(alertEvents)
        .values({ alertId: RECORDS.P1.alert, patientId: PATIENT.P1, userId: USER.nurseA1, kind: "note" }),
    ),
  ).rejects.toThrow();
});

test("a plan version naming a colleague as the one who changed it is refused", async () => {
  await expect(
    as(db, USER.oncologistA1, (tx) =>
      tx.insert(treatmentPlanVersions).values({
        planId: RECORDS.P1.plan,
        patientId: PATIENT.P1,
        version: 99,
        changedBy: USER.nurseA1,
        reason: "dose reduced",
        current: { dosePercent: 80 },
      }),
    ),
  ).rejects.toThrow();
});

test("a plan version in the caller's own name is accepted", async () => {
  await as(db, USER.oncologistA1, (tx) =>
    tx.insert(treatmentPlanVersions).values({
      planId: RECORDS.P1.plan,
      patientId: PATIENT.P1,
      version: 98,
      changedBy: USER.oncologistA1,
      reason: "dose reduced",
      current: { dosePercent: 80 },
    }),
  );
});

test("the consent pre-check answers nothing about another organisation's patient", async () => {
  const { findViewerConsent } = await import("../db/queries/consent");
  const foreign = await as(db, USER.nurseB, (tx) =>
    findViewerConsent(tx, { patientId: PATIENT.P1, userId: USER.nurseB }),
  );
  expect(foreign).toBeNull();
  const own = await as(db, USER.nurseA1, (tx) =>
    findViewerConsent(tx, { patientId: PATIENT.P1, userId: USER.nurseA1 }),
  );
  expect(own?.rules.length).toBeGreaterThan(0);
});
