/**
 * The whole loop, outside the browser queue: a patient reports a fever at home; the red alert's
 * first step reaches the on-call nurse's mailbox (a real SMTP server this spec runs on loopback, the
 * e2e server's SMTP_URL, delivered by the worker running in the app); the message's link, opened
 * after she signs in, leads to the alert in the patient's record; her acknowledgement ends the
 * ladder (no later step is sent, as the outbox shows); and the patient sees that a nurse saw it.
 */
import { expect, test } from "@playwright/test";
import { type RunningSmtpServer, startSmtpServer } from "../tests/support/smtp-server";
import { MyRecordPage } from "./pages/my-record-page";
import { SignInPage } from "./pages/sign-in-page";
import { activeAlertOf, arrangeLoopPatient, outboxOf } from "./support/alert-loop-db";
import { keepScreenshot } from "./support/artefacts";
import { DEMO_HOSPITAL_LINE, staff } from "./support/demo";
import { E2E_SMTP_PORT } from "./support/server";
import { reportFever } from "./support/triage";

const NURSE = staff("nurse1");

let mailbox: RunningSmtpServer;

test.beforeAll(async () => {
  // Only the on-call nurse's mail is taken: other messages (other specs' links and alerts) are
  // refused, so they stay in the outbox as they would with no server listening.
  mailbox = await startSmtpServer({ port: E2E_SMTP_PORT, onlyFor: [NURSE.email] });
});

test.afterAll(async () => {
  await mailbox?.close();
});

/** The messages about `alertId` in the nurse's mailbox. */
const mailAbout = (alertId: string) => mailbox.received.filter((m) => m.text.includes(`/alerts/${alertId}`));

test("a red report reaches the on-call nurse by email, its link opens the alert, and acknowledging ends the ladder", async ({
  page,
  browser,
}, testInfo) => {
  const patient = await arrangeLoopPatient();
  const reason = await reportFever(browser, "39.8", patient);
  const alertId = await activeAlertOf(patient.id);
  expect(alertId, "the report raised an alert").not.toBeNull();
  if (!alertId) return;

  // The worker emails the on-call nurse within a few of its rounds.
  await expect.poll(() => mailAbout(alertId).length, { timeout: 30_000 }).toBe(1);
  const [mail] = mailAbout(alertId);
  expect(mail.to).toEqual([NURSE.email]);
  expect(mail.subject).toBe("Red alert for Breast Oncology");
  for (const detail of [patient.name, ...patient.name.split(" "), "39.8", "Temperature"])
    expect(mail.raw, "no patient data in the message").not.toContain(detail);
  const link = mail.text.match(/https?:\/\/\S+\/alerts\/[0-9a-f-]+/)?.[0];
  expect(link, mail.text).toBeDefined();
  expect(await outboxOf(alertId)).toContain("on_call sent");

  // Opened after signing in, the link leads to the alert in the patient's record.
  await new SignInPage(page).signIn(NURSE, /\/triage$/);
  await page.goto(link as string);
  await expect(page).toHaveURL(new RegExp(`/patients/${patient.id}#alerts$`));
  const alert = page.getByRole("article").filter({ hasText: reason });
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText("Open");
  await keepScreenshot(page, testInfo, "1-alert-from-the-email-link");

  await alert.getByRole("button", { name: /^Acknowledge/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Alert acknowledged" })).toBeVisible();
  await expect(alert).toContainText("Acknowledged");
  await keepScreenshot(page, testInfo, "2-acknowledged");

  // The ladder is over: the steps not yet due are cancelled, and nothing more reaches the nurse.
  const ladder = await outboxOf(alertId);
  expect(ladder[0]).toBe("on_call sent");
  expect(ladder.slice(1).length).toBeGreaterThan(0);
  for (const step of ladder.slice(1)) expect(step).toMatch(/^(second|escalation) cancelled$/);
  // Several of the worker's rounds later, still one message and the same outbox.
  await page.waitForTimeout(3_000);
  expect(mailAbout(alertId)).toHaveLength(1);
  expect(await outboxOf(alertId)).toEqual(ladder);

  // The patient sees that a nurse saw their report, and the 24-hour line, on their home page.
  const context = await browser.newContext();
  try {
    const patientPage = await context.newPage();
    await new SignInPage(patientPage).signIn(patient, /\/me$/);
    const home = new MyRecordPage(patientPage);
    const state = patientPage.getByRole("region", { name: /^A nurse saw your report at \d\d:\d\d$/ });
    await expect(state).toBeVisible();
    await expect(state).not.toContainText("Fiona");
    await expect(patientPage.getByRole("complementary", { name: "24-hour line" })).toContainText(DEMO_HOSPITAL_LINE);
    await home.expectShown();
    await keepScreenshot(patientPage, testInfo, "3-patient-sees-a-nurse-saw-it");
  } finally {
    await context.close();
  }
});
