/**
 * Treatment plans in the browser: a nurse changes a cycle's dose level, recording the oncologist
 * who decided it and why, and the plan's history shows the change with the previous value. The
 * editor has no serious or critical accessibility violations (axe-core). Screenshots are kept as
 * test artefacts.
 */
import { expect, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { keepScreenshot, seriousViolations } from "./support/artefacts";
import { demoPatientId, hospitalNumber, staff } from "./support/demo";

/** Kirsty Fraser, Breast Oncology: on carboplatin and paclitaxel, six cycles, none reduced. */
const PATIENT = { id: demoPatientId(6), hospitalNumber: hospitalNumber(6), name: "Kirsty Fraser" };

test.describe("the treatment plan", () => {
  test("a nurse changes a cycle's dose level and the history shows it", async ({ page }, testInfo) => {
    await new SignInPage(page).signIn(staff("nurse1"), /\/triage$/);
    await page.goto(`/patients/${PATIENT.id}/treatment`);
    await expect(page.getByRole("heading", { level: 1, name: "Treatment plan" })).toBeVisible();
    await expect(page.getByText(PATIENT.hospitalNumber, { exact: true })).toBeVisible();

    const editor = page.getByRole("region", { name: /^(Change the plan|Record the treatment plan)/ });
    if (await page.getByRole("heading", { level: 2, name: "Record the treatment plan" }).isVisible()) {
      // The server's seed has no plans yet: record one first, as a nurse would.
      await editor.getByLabel("Regimen").fill("Carboplatin and paclitaxel");
      await editor.getByLabel(/^Drugs/).fill("carboplatin, paclitaxel");
      await editor.getByLabel("Planned number of cycles").fill("6");
      await editor.getByRole("button", { name: "Create the plan" }).click();
      await expect(page.getByRole("main").getByRole("status").filter({ hasText: "Saved as version 1." })).toBeVisible();
      await expect(page.getByRole("heading", { level: 2, name: "Change the plan (version 1)" })).toBeVisible();
    }

    const heading = await page
      .getByRole("heading", { level: 2, name: /^Change the plan \(version \d+\)$/ })
      .textContent();
    const version = Number(/version (\d+)/.exec(heading ?? "")?.[1]);
    const dose = page.getByLabel("Cycle 6 dose level (%)");
    await expect(dose).toHaveValue("100");
    await dose.fill("75");
    // The editor previews the change, and asks who decided it.
    await expect(page.getByText("Cycle 6 dose level: 100% → 75%")).toBeVisible();
    await page.getByRole("button", { name: "Save the plan" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Please correct the highlighted fields.");
    const reasonError = "A dose reduction needs a reason: say why it was decided.";
    await expect(page.getByRole("main").getByRole("alert")).toContainText(reasonError);
    await expect(page.getByLabel(/^Why is the plan changing/)).toHaveAccessibleDescription(new RegExp(reasonError));
    await expect(page.getByLabel(/^Decided by/)).toHaveAttribute("aria-invalid", "true");

    await page
      .getByLabel(/^Why is the plan changing/)
      .fill("Grade 2 numbness in the fingers; reduced by Dr Campbell in clinic.");
    await page.getByLabel(/^Decided by/).selectOption({ label: "Dr Morag Campbell (oncologist)" });
    await page.getByRole("button", { name: "Save the plan" }).click();
    await expect(
      page
        .getByRole("main")
        .getByRole("status")
        .filter({ hasText: `Saved as version ${version + 1}.` }),
    ).toBeVisible();
    await expect(
      page.getByRole("heading", { level: 2, name: `Change the plan (version ${version + 1})` }),
    ).toBeVisible();
    await expect(page.getByLabel("Cycle 6 dose level (%)")).toHaveValue("75");

    const history = page.getByRole("region", { name: "History" });
    const latest = history.getByRole("article").first();
    await expect(latest.getByRole("heading")).toContainText(`Version ${version + 1}`);
    await expect(latest.getByRole("heading")).toContainText("Fiona Grant");
    await expect(latest).toContainText("Decided by Dr Morag Campbell");
    await expect(latest).toContainText("Grade 2 numbness in the fingers; reduced by Dr Campbell in clinic.");
    const row = latest.getByRole("row", { name: /Cycle 6: dose level/ });
    await expect(row.getByRole("cell")).toHaveText(["100%", "75%"]);
    await latest.scrollIntoViewIfNeeded();
    await keepScreenshot(page, testInfo, "plan-history-dose-reduced");

    // The record shows the new dose level too.
    await page.goto(`/patients/${PATIENT.id}#treatment`);
    const plan = page.getByRole("region", { name: "Treatment plan" });
    await expect(plan.getByRole("row", { name: /^6 / })).toContainText("75%");
  });

  test("the treatment plan editor has no serious or critical accessibility violations", async ({ page }, testInfo) => {
    await new SignInPage(page).signIn(staff("oncologist1"), /\/triage$/);
    await page.goto(`/patients/${demoPatientId(10)}/treatment`);
    await expect(page.getByRole("heading", { level: 1, name: "Treatment plan" })).toBeVisible();
    // Show a field error too: the page is checked in the state a mistake leaves it in.
    const button = page.getByRole("button", { name: /^(Save the plan|Create the plan)$/ });
    if ((await button.textContent()) === "Save the plan") {
      await page.getByLabel("Cycle 1 dose level (%)").fill("");
      await button.click();
      await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
    }
    await keepScreenshot(page, testInfo, "plan-editor");
    expect(await seriousViolations(page)).toEqual([]);
  });
});
