/**
 * A patient reports symptoms on a phone-sized screen (issue 4's must-show): a fever and grade-3
 * nausea give the red advice with the organisation's 24-hour line, and the report is in their
 * history. Also: an out-of-range temperature is refused in words and stores nothing, a half-filled
 * form survives a reload, and the form has no serious or critical accessibility violations.
 *
 * The patient is Graham Henderson (Lung and Upper GI): the triage specs report as Elspeth Muir and
 * read the Breast team's queue, so the red alert raised here changes nothing they count. The tests
 * of this file run one after the other, so the count of stored reports is this file's alone.
 */
import { devices, expect, test } from "@playwright/test";
import { formatDate } from "../lib/clinic-time";
import { ANSWER_SCALES, SYMPTOM_ITEMS, symptomItem } from "../lib/grading/items";
import { usualSymptomsFor } from "../lib/reports/usual-symptoms";
import { answerGrade3Nausea, HOW_OFTEN, NAUSEA, ReportFormPage, SEVERITY } from "./pages/report-form-page";
import { SignInPage } from "./pages/sign-in-page";
import { axeViolations, keepScreenshot, seriousViolations } from "./support/artefacts";
import { LUNG_PATIENT_ACCOUNT as PATIENT } from "./support/demo";
import { currentPlanOf, hospitalLineOf, latestReportAnswers, storedReportCount } from "./support/reports-db";

test.use({ ...devices["Pixel 7"] });
test.describe.configure({ mode: "default" });

test.describe("a patient's symptom report on a phone", () => {
  test("a fever and grade-3 nausea: the red advice with the 24-hour line, then the report in the history", async ({
    page,
  }, testInfo) => {
    const line = await hospitalLineOf(PATIENT.email);
    const before = await storedReportCount(PATIENT.id);
    await new SignInPage(page).signIn(PATIENT, /\/me$/);
    // The phone-sized screen this test means: narrow, touch, mobile.
    expect(page.viewportSize()?.width).toBeLessThan(500);
    expect(await page.evaluate(() => matchMedia("(pointer: coarse)").matches)).toBe(true);

    await page.goto("/report");
    await expect(page.getByRole("heading", { level: 1, name: "Report my symptoms" })).toBeVisible();
    const form = new ReportFormPage(page);
    await form.expectShown();
    await form.sendRedReport("38.6");

    const advice = page.getByRole("alert").filter({ hasText: "Your report has been sent" });
    await expect(advice).toBeVisible({ timeout: 30_000 });
    await expect(advice.getByRole("heading", { name: "Call the 24-hour line now" })).toBeVisible();
    await expect(advice).toContainText(`Please call the 24-hour line on ${line} now.`);
    await keepScreenshot(page, testInfo, "red-advice-on-phone");
    expect(await storedReportCount(PATIENT.id)).toBe(before + 1);

    await advice.getByRole("link", { name: "See my reports" }).click();
    await expect(page).toHaveURL(/\/me\/reports$/);
    await expect(page.getByRole("heading", { level: 1, name: "My reports" })).toBeVisible();
    // Newest first: no one else reports as this patient while this file runs.
    const newest = page.getByRole("region", { name: "Reports" }).getByRole("listitem").first();
    await expect(newest).toContainText("Nausea grade 3");
    await expect(newest).toContainText("Temperature 38.6 °C");
    await expect(newest).toContainText("Urgent");
    await keepScreenshot(page, testInfo, "history-on-phone");
  });

  test("an out-of-range temperature is refused in plain words, nothing is stored, and the form stays accessible", async ({
    page,
  }, testInfo) => {
    const before = await storedReportCount(PATIENT.id);
    await new SignInPage(page).signIn(PATIENT, /\/me$/);
    const form = new ReportFormPage(page);
    await form.goto();
    expect(await seriousViolations(page)).toEqual([]);

    await form.temperature.fill("45");
    await answerGrade3Nausea(form);
    await form.submit.click();
    await expect(form.error).toContainText("Your report was not saved.");
    await expect(form.error).toContainText("Temperature must be between 34.0 and 43.0 °C");
    await expect(form.temperature).toHaveAccessibleDescription(/Temperature must be between 34\.0 and 43\.0 °C/);
    // The answers are still there to correct, and no advice was given.
    await expect(form.temperature).toHaveValue("45");
    await expect(form.answer(NAUSEA, SEVERITY, "Severe")).toBeChecked();
    await expect(page.getByText("Your report has been sent")).toHaveCount(0);
    expect(await storedReportCount(PATIENT.id)).toBe(before);
    await keepScreenshot(page, testInfo, "temperature-refused");
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("a half-filled form survives a reload", async ({ page }) => {
    await new SignInPage(page).signIn(PATIENT, /\/me$/);
    const form = new ReportFormPage(page);
    await form.goto();
    await form.temperature.fill("37.4");
    // Follow-up questions appear only after a first answer above Never.
    await expect(form.answer(NAUSEA, SEVERITY, "Mild")).toHaveCount(0);
    await form.answer(NAUSEA, HOW_OFTEN, "Occasionally").check();
    await form.answer(NAUSEA, SEVERITY, "Mild").check();
    await form.note.fill("Queasy in the mornings");

    await page.reload();
    await form.expectShown();
    await expect(form.temperature).toHaveValue("37.4");
    await expect(form.answer(NAUSEA, HOW_OFTEN, "Occasionally")).toBeChecked();
    await expect(form.answer(NAUSEA, SEVERITY, "Mild")).toBeChecked();
    await expect(form.note).toHaveValue("Queasy in the mornings");
  });
});

/**
 * The usual symptoms first (lib/reports/usual-symptoms.ts), at 390 × 844. Before, all 24 symptoms
 * were asked at once: the form was 10,309 px tall at this size (measured on the last
 * commit before this change). Graham Henderson is on carboplatin and etoposide.
 */
const FORM_HEIGHT_BEFORE = 10_309;

test.describe("the symptoms a patient's treatment usually brings, asked first", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("up to 'Anything else bothering you today?' the form is under a third of its former height, and the rest is one answer away", async ({
    page,
  }, testInfo) => {
    await new SignInPage(page).signIn(PATIENT, /\/me$/);
    const form = new ReportFormPage(page);
    await form.goto();
    const top = await form.form.boundingBox();
    const question = await form.anythingElseGroup.boundingBox();
    if (!top || !question) throw new Error("The form or its 'Anything else' question is not laid out");
    const height = question.y + question.height - top.y;
    expect(height).toBeLessThan(FORM_HEIGHT_BEFORE / 3);
    await expect(form.symptom("Hair loss")).toHaveCount(0);
    expect(await axeViolations(page)).toEqual([]);
    await keepScreenshot(page, testInfo, "usual-symptoms-first");

    await form.anythingElse("Yes").check();
    await expect(form.symptom("Hair loss")).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await form.anythingElse("No, nothing else").check();
    await expect(form.symptom("Hair loss")).toHaveCount(0);
  });

  test("a patient answers only their usual symptoms and sends with 'No, nothing else': exactly those answers are stored", async ({
    page,
  }) => {
    const usual = usualSymptomsFor(await currentPlanOf(PATIENT.id)).map(symptomItem);
    expect(usual.map((item) => item.label)).toContain(NAUSEA);
    const before = await storedReportCount(PATIENT.id);
    await new SignInPage(page).signIn(PATIENT, /\/me$/);
    const form = new ReportFormPage(page);
    await form.goto();
    for (const item of SYMPTOM_ITEMS) await expect(form.symptom(item.label)).toHaveCount(usual.includes(item) ? 1 : 0);

    const expected: string[] = [];
    for (const item of usual) {
      const first = item.attributes[0];
      if (item.label === NAUSEA) continue;
      await form.firstAnswer(item.label, ANSWER_SCALES[first][0]).check();
      // As before: a follow-up skipped after a first answer of zero is stored as not asked (null).
      expected.push(`${item.code}.${first}=0`, ...item.attributes.slice(1).map((attr) => `${item.code}.${attr}=null`));
    }
    await form.answer(NAUSEA, HOW_OFTEN, "Occasionally").check();
    await form.answer(NAUSEA, SEVERITY, "Mild").check();
    expected.push("nausea.frequency=2", "nausea.severity=1");
    await form.anythingElse("No, nothing else").check();
    await form.submit.click();

    await expect(page.getByRole("status").filter({ hasText: "Your report has been sent" })).toBeVisible({
      timeout: 30_000,
    });
    expect(await storedReportCount(PATIENT.id)).toBe(before + 1);
    expect((await latestReportAnswers(PATIENT.id)).answers).toEqual(expected.sort());
  });

  test("'Same as my last report' fills the usual symptoms from the last report, says so and from when, and they can be changed", async ({
    page,
  }, testInfo) => {
    const usual = usualSymptomsFor(await currentPlanOf(PATIENT.id)).map(symptomItem);
    const last = await latestReportAnswers(PATIENT.id);
    const lastValue = (code: string, attr: string) =>
      last.answers.find((line) => line.startsWith(`${code}.${attr}=`))?.split("=")[1];
    await new SignInPage(page).signIn(PATIENT, /\/me$/);
    const form = new ReportFormPage(page);
    await form.goto();
    // Nothing is filled in before the patient asks for it.
    for (const item of usual)
      await expect(form.symptom(item.label).getByRole("radio", { checked: true })).toHaveCount(0);
    await expect(form.filledNotice).toHaveCount(0);

    await form.sameAsLastReport.click();
    await expect(form.filledNotice).toHaveText(
      `Your answers below were filled in from your last report, of ${formatDate(last.reportedAt)}. Check each one and change any that are different today.`,
    );
    let filled = 0;
    for (const item of usual) {
      const first = item.attributes[0];
      const value = lastValue(item.code, first);
      if (value === undefined || value === "null") continue;
      filled += 1;
      await expect(form.firstAnswer(item.label, ANSWER_SCALES[first][Number(value)])).toBeChecked();
    }
    expect(filled).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await keepScreenshot(page, testInfo, "same-as-last-report");

    await form.answer(NAUSEA, HOW_OFTEN, "Frequently").check();
    await expect(form.answer(NAUSEA, HOW_OFTEN, "Frequently")).toBeChecked();
    await expect(form.answer(NAUSEA, SEVERITY, "None")).toBeVisible();
  });

  test("a draft kept with answers beyond the usual symptoms keeps them asked", async ({ page }) => {
    await new SignInPage(page).signIn(PATIENT, /\/me$/);
    // As a draft saved on this phone before the usual symptoms were asked first.
    await page.evaluate(
      (key) =>
        localStorage.setItem(
          key,
          JSON.stringify({
            idempotencyKey: crypto.randomUUID(),
            answers: { hair_loss: { amount: 2 } },
            temperature: "",
            redFlags: [],
            canWait: "",
            note: "",
          }),
        ),
      `serums:report-draft:${PATIENT.id}`,
    );
    const form = new ReportFormPage(page);
    await form.goto();
    await expect(form.anythingElse("Yes")).toBeChecked();
    await expect(form.firstAnswer("Hair loss", "Somewhat")).toBeChecked();
  });
});
