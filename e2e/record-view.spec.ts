/**
 * The patient record in the browser: header with the cycle and day of cycle, the symptom timeline
 * with its zoom and table alternatives, toxicity by cycle, alerts and every answer of a report; no
 * serious or critical accessibility violations (axe-core). Screenshots are kept as test artefacts.
 */
import { expect, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { keepScreenshot, seriousViolations } from "./support/artefacts";
import { demoPatientId, hospitalNumber, staff } from "./support/demo";

/** Shona Drummond, Breast Oncology, index 8. */
const PATIENT = { id: demoPatientId(8), hospitalNumber: hospitalNumber(8), name: "Shona Drummond" };

test.describe("the patient record", () => {
  test("shows where the patient is in treatment, the timeline, toxicity by cycle, alerts and reports", async ({
    page,
  }, testInfo) => {
    await new SignInPage(page).signIn(staff("oncologist1"), /\/triage$/);
    await page.goto("/patients");
    const row = page.getByRole("row").filter({ hasText: PATIENT.hospitalNumber });
    await expect(row).toHaveCount(1);
    // The list shows the last report and the worst grade of the week.
    await expect(row.getByRole("cell").nth(5)).toHaveText(/ago|just now/);
    await row.getByRole("link", { name: PATIENT.name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/patients/${PATIENT.id}$`));

    await expect(page.getByRole("heading", { level: 1, name: PATIENT.name, exact: true })).toBeVisible();
    const header = page.locator("main header").first();
    await expect(header.getByText(PATIENT.hospitalNumber, { exact: true })).toBeVisible();
    await expect(header).toContainText("Shares the whole record with you");
    const hasPlan = !(await header.getByText("No plan recorded").isVisible());
    if (hasPlan) await expect(header).toContainText(/Cycle \d+, day \d+ of 21/);

    const timeline = page.getByRole("region", { name: "Symptom timeline" });
    await expect(timeline.getByRole("group", { name: "Show" })).toBeVisible();
    await expect(timeline.locator("figure svg").first()).toBeVisible();
    await keepScreenshot(page, testInfo, "record-whole-course");

    // Zoom to one cycle, by keyboard as well as by mouse.
    const radios = timeline.getByRole("radio");
    if (hasPlan) {
      await timeline.getByText("Cycle 2", { exact: true }).click();
      await expect(timeline.getByText(/^Showing cycle 2:/)).toBeVisible();
      await timeline.getByRole("radio", { name: "Cycle 2" }).press("ArrowRight");
      await expect(timeline.getByText(/^Showing cycle 3:/)).toBeVisible();
    } else {
      await expect(radios).not.toHaveCount(0);
    }
    // Every chart has its table.
    await timeline.getByText("Whole course", { exact: true }).click();
    await expect(timeline.getByText(/^Showing whole course:/)).toBeVisible();
    await timeline.getByText("Symptom grades as a table").click();
    await expect(
      timeline.getByRole("region", { name: "Symptom grades table" }).getByRole("columnheader", { name: "Report" }),
    ).toBeVisible();
    if (await timeline.getByText("Temperatures as a table").isVisible()) {
      await timeline.getByText("Temperatures as a table").click();
      await expect(timeline.getByRole("region", { name: "Temperatures table" }).getByRole("row")).not.toHaveCount(0);
    }

    if (hasPlan) {
      const grid = page.getByRole("region", { name: "Toxicity by cycle table" });
      await expect(grid.getByRole("columnheader", { name: /^C1/ })).toBeVisible();
      await expect(grid.getByRole("rowheader", { name: "Nausea" })).toBeVisible();
    }

    const reports = page.getByRole("region", { name: "Reports" });
    await reports.locator("details summary").first().click();
    const answers = reports.getByRole("table").first();
    await expect(answers.getByRole("columnheader", { name: "Answers" })).toBeVisible();
    await expect(answers.getByRole("rowheader", { name: "Fatigue" })).toBeVisible();
    await expect(answers).toContainText(/How often|Severity at worst/);

    await expect(page.getByRole("region", { name: "Alerts" })).toBeVisible();
    await keepScreenshot(page, testInfo, "record-cycle-zoom");
  });

  test("has no serious or critical accessibility violations", async ({ page }, testInfo) => {
    await new SignInPage(page).signIn(staff("oncologist1"), /\/triage$/);
    await page.goto(`/patients/${PATIENT.id}`);
    await expect(page.getByRole("heading", { level: 1, name: PATIENT.name, exact: true })).toBeVisible();
    await expect(page.getByRole("region", { name: "Symptom timeline" }).locator("figure svg").first()).toBeVisible();
    // Open the tables and a report too, so they are checked as well.
    for (const summary of await page.locator("main details > summary").all()) {
      if ((await summary.textContent())?.match(/as a table|Cycle starts/)) await summary.click();
    }
    await page.getByRole("region", { name: "Reports" }).locator("details summary").first().click();
    await keepScreenshot(page, testInfo, "record-axe");
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("a category the patient has not shared is named, and nothing of it is shown", async ({ page }) => {
    // Patient 2 withholds symptom reports from nurse1 (db/seed.ts).
    await new SignInPage(page).signIn(staff("nurse1"), /\/triage$/);
    await page.goto(`/patients/${demoPatientId(2)}`);
    const withheld = page.getByRole("region", { name: "Withheld at the patient's wish" });
    await expect(withheld).toContainText("The patient has not shared their symptom reports with you");
    await expect(page.getByRole("region", { name: "Symptom timeline" })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Reports" })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Alerts" })).toBeVisible();
    // In the list, the last report and the worst grade say "Withheld", never "none".
    await page.goto(`/patients?q=${hospitalNumber(2)}`);
    await expect(
      page
        .getByRole("row")
        .filter({ hasText: hospitalNumber(2) })
        .getByRole("cell")
        .nth(5),
    ).toHaveText("Withheld");
  });
});

test("the record's visit summary opens as a PDF from a production build", async ({ page }) => {
  await new SignInPage(page).signIn(staff("oncologist1"), /\/triage$/);
  await page.goto(`/patients/${PATIENT.id}`);
  const link = page.getByRole("link", { name: "Print a summary for the clinic visit (PDF)" });
  await expect(link).toHaveAttribute("href", `/patients/${PATIENT.id}/summary`);
  const response = await page.request.get(`/patients/${PATIENT.id}/summary`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  const body = await response.body();
  expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(body.length).toBeGreaterThan(2_000);
});
