/**
 * The development mailbox, as a newcomer meets it on `npm run dev`: a patient reports a fever and
 * severe nausea, and within a few of the worker's rounds /dev/mailbox shows the red alert's email to
 * the person on call, with the level, the team and a link, and nothing about the patient. A
 * production build has no development mailbox: there /dev/mailbox is "not found". Each run of
 * the dev server starts with an empty mailbox (scripts/e2e-server.sh), so what it shows was sent
 * in this run. The spec
 * arranges nothing in the database, so it runs in both stages (scripts/test-all.sh).
 */
import { expect, test } from "@playwright/test";
import { ReportFormPage } from "./pages/report-form-page";
import { SignInPage } from "./pages/sign-in-page";
import { axeViolations } from "./support/artefacts";
import { PATIENT_ACCOUNT } from "./support/demo";
import { allowing, DEV_SERVER } from "./support/server";

test("a red report fills the development mailbox on npm run dev, and a production build has none", async ({ page }) => {
  test.setTimeout(allowing(120_000));
  if (!DEV_SERVER) {
    const response = await page.goto("/dev/mailbox");
    expect(response?.status()).toBe(404);
    return;
  }
  await new SignInPage(page).signIn(PATIENT_ACCOUNT, /\/me$/);
  await page.goto("/report");
  const form = new ReportFormPage(page);
  await form.expectShown();
  await form.sendRedReport("38.9");
  await expect(page.getByRole("alert").filter({ hasText: "Your report has been sent" })).toBeVisible({
    timeout: allowing(30_000),
  });

  // The worker looks every 5 s on npm run dev; the report may also join an alert raised earlier
  // today, whose email is then the one already there.
  const red = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /^Red alert for / }) });
  await expect(async () => {
    await page.goto("/dev/mailbox");
    await expect(red.first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: allowing(60_000) });
  const mail = red.first();
  await expect(mail).toContainText(/Sign in to see it: http:\/\/localhost:\d+\/alerts\//);
  await expect(mail).toContainText("This message holds no patient details.");
  for (const personal of PATIENT_ACCOUNT.name.split(" ")) await expect(mail).not.toContainText(personal);
  expect(await axeViolations(page)).toEqual([]);
});
