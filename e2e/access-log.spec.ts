/**
 * The patient's access log on a phone (issue 16, item 9): a clinician who saw the patient's alert
 * in the triage queue 50 times within an hour is one line, "50 times", not 50 rows, so the page
 * stays short. Patient 1 (Graham Henderson, Lung and Upper GI) is viewed by nurse2 of his team;
 * no other spec views him as many times.
 */
import { expect, test } from "@playwright/test";
import { DEMO_ORG_ID, demoStaffId } from "../server/demo/seed";
import { AccessLogPage } from "./pages/access-log-page";
import { SignInPage } from "./pages/sign-in-page";
import { axeViolations, keepScreenshot } from "./support/artefacts";
import { recordQueueViews } from "./support/audit-db";
import { LUNG_PATIENT_ACCOUNT as PATIENT, staff } from "./support/demo";

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

test("a clinician's 50 views within an hour are one line, and the page stays short on a phone", async ({
  page,
}, testInfo) => {
  const nurse = staff("nurse2");
  await recordQueueViews({
    organisationId: DEMO_ORG_ID,
    actorId: demoStaffId("nurse2"),
    actorRole: "nurse",
    patientId: PATIENT.id,
    times: 50,
  });
  await new SignInPage(page).signIn(PATIENT, /\/me$/);
  const log = new AccessLogPage(page);
  await log.goto();

  const views = log.by(nurse.name).filter({ hasText: "Saw an alert about you in the triage queue" });
  // Newest first: the 50 views are the nurse's newest entry (with any other view of hers that hour).
  const newest = views.first();
  await expect(newest).toContainText(/, \d+ times/);
  const times = Number(/, (\d+) times/.exec((await newest.textContent()) ?? "")?.[1]);
  expect(times).toBeGreaterThanOrEqual(50);
  expect(await log.entries.count()).toBeLessThanOrEqual(20);

  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height, "the access log fits in two phone screens").toBeLessThanOrEqual(2 * PHONE.height);
  await keepScreenshot(page, testInfo, "access-log-phone");
  expect(await axeViolations(page)).toEqual([]);
});
