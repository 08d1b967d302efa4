/**
 * Helpers for the triage specs: a patient reports a fever through the portal in a browser context
 * of their own, which raises a red alert for the Breast Oncology team with a reason naming the
 * temperature. Each spec uses its own temperature, so its alert is told apart from the others'.
 */
import { type Browser, expect } from "@playwright/test";
import { SignInPage } from "../pages/sign-in-page";
import { PATIENT_ACCOUNT } from "./demo";
import { allowing } from "./server";

/** Patient 0 (Elspeth Muir, Breast Oncology) reports `celsius`; returns the alert's reason. */
export async function reportFever(browser: Browser, celsius: string): Promise<string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await new SignInPage(page).signIn(PATIENT_ACCOUNT, /\/me$/);
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

export const PATIENT_NAME = PATIENT_ACCOUNT.name;
