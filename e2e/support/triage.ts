/**
 * Helpers for the triage specs: a patient reports a fever through the portal in a browser context
 * of their own, which raises a red alert for the Breast Oncology team with a reason naming the
 * temperature. Each spec uses its own temperature, so its alert is told apart from the others';
 * a spec that needs a new alert reports as a patient of its own (breastPatientAccount), since a
 * second report of the same patient joins the alert already active.
 */
import { type Browser, expect, type Page } from "@playwright/test";
import { ReportFormPage } from "../pages/report-form-page";
import { SignInPage } from "../pages/sign-in-page";
import { TriagePage } from "../pages/triage-page";
import { type DemoAccount, PATIENT_ACCOUNT } from "./demo";
import { allowing } from "./server";

/** `patient` (patient 0, Elspeth Muir, unless told) reports `celsius`; returns the alert's reason. */
export async function reportFever(
  browser: Browser,
  celsius: string,
  patient: DemoAccount = PATIENT_ACCOUNT,
): Promise<string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await new SignInPage(page).signIn(patient, /\/me$/);
    await page.goto("/report");
    await page.getByLabel("Your temperature (°C)").fill(celsius);
    await page.getByRole("button", { name: "Send my report" }).click();
    // A temperature of 38 °C or more is red: the patient is told so at once.
    await expect(page.getByRole("alert").filter({ hasText: "Your report has been sent" })).toBeVisible({
      timeout: allowing(30_000),
    });
  } finally {
    await context.close();
  }
  return `Temperature ${celsius} C`;
}

/** Signs `account` in to the triage queue, where a clinician lands. */
export async function openQueue(page: Page, account: DemoAccount): Promise<TriagePage> {
  await new SignInPage(page).signIn(account, /\/triage$/);
  const queue = new TriagePage(page);
  await queue.expectShown();
  return queue;
}

/** `patient` reports `celsius`, then `account` finds the red alert it raises, one row on their queue. */
export async function redAlertOnQueue(
  page: Page,
  browser: Browser,
  account: DemoAccount,
  celsius: string,
  patient: DemoAccount,
) {
  const reason = await reportFever(browser, celsius, patient);
  const queue = await openQueue(page, account);
  // The patient's page, opened in the same browser, may keep the window's focus; the queue is the
  // page the clinician works in, and focus checks ask the browser whether it has the focus.
  await page.bringToFront();
  const row = queue.row(reason);
  await expect(row).toHaveCount(1);
  return { reason, queue, row };
}

/**
 * `page`'s clinician (signed in) enters a report taken by phone for the patient: only a temperature
 * of `celsius`, which triage grades red. Ends back on the patient's record.
 */
export async function enterPhoneFever(page: Page, patientId: string, celsius: string) {
  await page.goto(`/patients/${patientId}/report`);
  const form = new ReportFormPage(page, "Save the report taken by phone");
  await form.expectShown();
  await form.temperature.fill(celsius);
  await form.submit.click();
  const result = page.getByRole("alert").filter({ hasText: "Report taken by phone saved" });
  await expect(result).toBeVisible({ timeout: allowing(30_000) });
  await result.getByRole("link", { name: /^Back to .*'s record$/ }).click();
  await expect(page).toHaveURL(new RegExp(`/patients/${patientId}$`));
}
