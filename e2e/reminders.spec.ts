/**
 * A patient chooses their reminders to report: a time, quiet hours, by email or on their phone, and
 * off altogether; each choice is kept, and the page has no serious accessibility violations.
 * (Subscribing a phone needs a real push service; the worker's push of a reminder is tested against
 * one of the tests' own in tests/reminders.test.ts.)
 */
import { expect, test } from "@playwright/test";
import { RemindersPage } from "./pages/reminders-page";
import { SignInPage } from "./pages/sign-in-page";
import { keepScreenshot, seriousViolations } from "./support/artefacts";
import { breastPatientAccount } from "./support/demo";

// Reminders concern no other spec: any patient will do.
const PATIENT = breastPatientAccount(24);

test("a patient sets the time and quiet hours of their reminders, then switches them off", async ({
  page,
}, testInfo) => {
  await new SignInPage(page).signIn(PATIENT, /\/me$/);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reminders" }).click();
  const reminders = new RemindersPage(page);
  await reminders.expectShown();
  expect(await seriousViolations(page)).toEqual([]);
  // Until they choose: by email; no phone subscribed.
  await expect(reminders.byEmail).toBeChecked();
  await expect(reminders.byPush).not.toBeChecked();
  await expect(reminders.browsers.getByText("No phone or browser is subscribed yet.")).toBeVisible();

  await reminders.remindMe.check();
  await reminders.remindAt.fill("07:00");
  await reminders.keepQuietHours.check();
  await reminders.quietFrom.fill("22:30");
  await reminders.quietUntil.fill("07:30");
  await reminders.save.click();
  await expect(reminders.saved).toHaveText("Saved. Your reminders are on.");
  await reminders.goto();
  await expect(reminders.summary).toHaveText(
    "Reminders are on, by email: at 07:30, when your quiet hours end (07:00 is in them), never between 22:30 and 07:30.",
  );
  await expect(reminders.remindAt).toHaveValue("07:00");

  // Neither way: refused with a sentence, at the checkboxes.
  await reminders.byEmail.uncheck();
  await reminders.save.click();
  await expect(page.getByText("Choose how to be reminded: by email, on your phone or browser, or both.")).toBeVisible();
  await expect(reminders.byEmail).toHaveAttribute("aria-invalid", "true");
  // On the phone alone: kept.
  await reminders.byPush.check();
  await reminders.save.click();
  await expect(reminders.saved).toHaveText("Saved. Your reminders are on.");
  await reminders.goto();
  await expect(reminders.summary).toHaveText(
    "Reminders are on, on your phone or browser: at 07:30, when your quiet hours end (07:00 is in them), never between 22:30 and 07:30.",
  );
  await expect(reminders.byEmail).not.toBeChecked();
  await expect(reminders.byPush).toBeChecked();
  expect(await seriousViolations(page)).toEqual([]);

  // Quiet hours that end when they start are refused, with the field named.
  await reminders.quietUntil.fill("22:30");
  await reminders.save.click();
  await expect(page.getByText("Quiet hours must end at another time.")).toBeVisible();
  await expect(reminders.quietUntil).toHaveAttribute("aria-invalid", "true");

  await reminders.noReminders.check();
  await reminders.quietUntil.fill("07:30");
  await reminders.save.click();
  await expect(reminders.saved).toHaveText("Saved. You will not get reminders.");
  await reminders.goto();
  await expect(reminders.summary).toHaveText("Reminders are off.");
  await expect(reminders.noReminders).toBeChecked();
  expect(await seriousViolations(page)).toEqual([]);
  await keepScreenshot(page, testInfo, "reminders-off");
});
