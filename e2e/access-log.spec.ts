/**
 * The patient's access log on a phone (issue 16, item 9): a clinician who opened the patient's
 * record 50 times within an hour is one line, "50 times", not 50 rows, so the page stays short.
 * Patient 1 (Graham Henderson, Lung and Upper GI) is opened by nurse2 of his team; no other spec
 * opens his record. Arranged through the app itself, so it runs on either database.
 */
import { expect, test } from "@playwright/test";
import { AccessLogPage } from "./pages/access-log-page";
import { SignInPage } from "./pages/sign-in-page";
import { axeViolations, keepScreenshot } from "./support/artefacts";
import { LUNG_PATIENT_ACCOUNT as PATIENT, staff } from "./support/demo";

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

test("a clinician's 50 views within an hour are one line, and the page stays short on a phone", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(600_000);
  const nurse = staff("nurse2");
  const clinic = await browser.newContext();
  try {
    const nursePage = await clinic.newPage();
    await new SignInPage(nursePage).signIn(nurse, /\/triage$/);
    // Each request renders the record, which the audit trail records as one more view.
    for (let i = 0; i < 50; i++) {
      const response = await nursePage.request.get(`/patients/${PATIENT.id}`);
      expect(response.status()).toBe(200);
    }
  } finally {
    await clinic.close();
  }
  await new SignInPage(page).signIn(PATIENT, /\/me$/);
  const log = new AccessLogPage(page);
  await log.goto();

  const views = log.by(nurse.name).filter({ hasText: "Opened your record" });
  // Newest first: the 50 views are the nurse's newest entry (one more if the hour turned meanwhile).
  const newest = views.first();
  await expect(newest).toContainText(/, \d+ times/);
  const counts = (await views.allTextContents()).map((t) => Number(/, (\d+) times/.exec(t)?.[1] ?? 1));
  expect(counts.slice(0, 2).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(50);
  expect(await log.entries.count()).toBeLessThanOrEqual(20);

  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height, "the access log fits in two phone screens").toBeLessThanOrEqual(2 * PHONE.height);
  await keepScreenshot(page, testInfo, "access-log-phone");
  expect(await axeViolations(page)).toEqual([]);
});
