/**
 * Treatment plans in the browser: a nurse changes a cycle's dose, recording the oncologist who
 * decided it and why, and the plan's history shows the change with the previous value; an
 * oncologist reduces one agent (docetaxel) while another (trastuzumab) stays at full dose, on a
 * browser set to US English, and every date still reads in the clinic's format. The editor has no
 * serious or critical accessibility violations (axe-core). Screenshots are kept as test artefacts.
 */
import { expect, type Page, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { keepScreenshot, seriousViolations } from "./support/artefacts";
import { demoPatientId, hospitalNumber, patientName, staff } from "./support/demo";

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
    // Both agents of carboplatin and paclitaxel, reduced alike: one change of the cycle's dose level.
    for (const agent of ["carboplatin", "paclitaxel"]) {
      const dose = page.getByLabel(`Cycle 6 ${agent} dose (%)`);
      await expect(dose).toHaveValue("100");
      await dose.fill("75");
    }
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
    await expect(page.getByLabel("Cycle 6 carboplatin dose (%)")).toHaveValue("75");
    await expect(page.getByLabel("Cycle 6 paclitaxel dose (%)")).toHaveValue("75");

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
      await page
        .getByLabel(/^Cycle 1 \S+ dose \(%\)$/)
        .first()
        .fill("");
      await button.click();
      await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
    }
    await keepScreenshot(page, testInfo, "plan-editor");
    expect(await seriousViolations(page)).toEqual([]);
  });
});

/** Ailsa's neighbour in the demo data: patient 20, Breast Oncology, HER2-positive, on TCH, no dose reduced. */
const HER2_PATIENT = { id: demoPatientId(20), name: patientName(20) };
/** "26 Jan 2026": the clinic's date format (lib/clinic-time.ts, lib/treatment/dates.ts). */
const CLINIC_DATE = /\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b/;
/** "1/26/2026" or "01/26/2026", as a US English browser writes dates. */
const US_DATE = /\b\d{1,2}\/\d{1,2}\/\d{4}\b/;

async function planVersion(page: Page): Promise<number> {
  const heading = await page
    .getByRole("heading", { level: 2, name: /^Change the plan \(version \d+\)$/ })
    .textContent();
  return Number(/version (\d+)/.exec(heading ?? "")?.[1]);
}

test.describe("doses per agent, on a browser set to US English", () => {
  test.use({ locale: "en-US", timezoneId: "America/New_York" });

  test("an oncologist reduces docetaxel to 80% with its reason while trastuzumab stays at 100%, and the plan shows it", async ({
    page,
  }, testInfo) => {
    const oncologist = staff("oncologist1");
    await new SignInPage(page).signIn(oncologist, /\/triage$/);
    await page.goto(`/patients/${HER2_PATIENT.id}/treatment`);
    await expect(page.getByRole("heading", { level: 1, name: "Treatment plan" })).toBeVisible();
    const version = await planVersion(page);

    const docetaxel = page.getByLabel("Cycle 6 docetaxel dose (%)");
    const carboplatin = page.getByLabel("Cycle 6 carboplatin dose (%)");
    const trastuzumab = page.getByLabel("Cycle 6 trastuzumab dose (%)");
    for (const dose of [docetaxel, carboplatin, trastuzumab]) await expect(dose).toHaveValue("100");
    // The browser's date control writes US dates; the editor says each date in the clinic's format too.
    await expect(page.getByLabel("Cycle 6 planned date")).toHaveAccessibleDescription(CLINIC_DATE);
    await expect(page.getByLabel("Start date")).toHaveAccessibleDescription(CLINIC_DATE);
    await docetaxel.fill("80");
    await page.getByLabel("Cycle 6 docetaxel dose reason").fill("Grade 2 peripheral neuropathy");
    await expect(page.getByText("Cycle 6 docetaxel dose: 100% → 80% (Grade 2 peripheral neuropathy)")).toBeVisible();

    // Only prescribers who may see the patient can be named: the Breast team's oncologist, no nurse.
    const decidedBy = page.getByLabel(/^Decided by/);
    const named = (await decidedBy.locator("option").allTextContents()).slice(1);
    expect(named).toContain("Dr Morag Campbell (oncologist)");
    expect(named.every((name) => name.endsWith("(oncologist)"))).toBe(true);
    expect(named).not.toContain("Dr Ahmed Rashid (oncologist)");

    await page
      .getByLabel(/^Why is the plan changing/)
      .fill("Numbness after cycle 5; trastuzumab continues at full dose.");
    await decidedBy.selectOption({ label: "Dr Morag Campbell (oncologist)" });
    await page.getByRole("button", { name: "Save the plan" }).click();
    await expect(
      page
        .getByRole("main")
        .getByRole("status")
        .filter({ hasText: `Saved as version ${version + 1}.` }),
    ).toBeVisible();
    await expect(page.getByLabel("Cycle 6 docetaxel dose (%)")).toHaveValue("80");
    await expect(page.getByLabel("Cycle 6 carboplatin dose (%)")).toHaveValue("100");
    await expect(page.getByLabel("Cycle 6 trastuzumab dose (%)")).toHaveValue("100");

    const latest = page.getByRole("region", { name: "History" }).getByRole("article").first();
    await expect(latest.getByRole("heading")).toContainText(`Version ${version + 1}`);
    await expect(latest.getByRole("heading")).toHaveText(CLINIC_DATE);
    await expect(latest.getByRole("heading")).not.toHaveText(US_DATE);
    await expect(latest).toContainText("Decided by Dr Morag Campbell");
    const row = latest.getByRole("row", { name: /Cycle 6: docetaxel dose/ });
    await expect(row.getByRole("cell")).toHaveText(["100%", "80% (Grade 2 peripheral neuropathy)"]);
    await expect(latest.getByRole("row", { name: /trastuzumab/ })).toHaveCount(0);
    await latest.scrollIntoViewIfNeeded();
    await keepScreenshot(page, testInfo, "plan-history-docetaxel-reduced");

    // The record's plan: cycle 6 at docetaxel 80%, the others at 100%, dates in the clinic's format.
    await page.goto(`/patients/${HER2_PATIENT.id}#treatment`);
    const plan = page.getByRole("region", { name: "Treatment plan" });
    const cycle6 = plan.getByRole("row", { name: /^6 / });
    await expect(cycle6).toContainText("docetaxel 80%, carboplatin 100%, trastuzumab 100%");
    await expect(cycle6.getByRole("cell").first()).toHaveText(CLINIC_DATE);
    await expect(plan).not.toHaveText(US_DATE);
    await keepScreenshot(page, testInfo, "record-plan-docetaxel-reduced");
  });
});
