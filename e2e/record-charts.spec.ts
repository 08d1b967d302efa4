/**
 * Charts that show today (issue 16, item 3). A fever reported today is the newest point of the
 * record's temperature chart: it lies inside the plot with room to its right, its value is written
 * beside it (and marked as the latest in the chart's table), and the fever threshold's label stays
 * clear of it. The patient's own charts leave room after their newest grade too. The patient (Lung
 * and Upper GI, index 7) is used by no other spec; the red alert goes to the Lung team's queue,
 * which no other spec counts.
 */
import { expect, test } from "@playwright/test";
import { PatientRecordPage } from "./pages/patient-record-page";
import { SignInPage } from "./pages/sign-in-page";
import { axeViolations, keepScreenshot } from "./support/artefacts";
import { expectApartAndInside, expectRoomAfterNewestPoint } from "./support/chart-geometry";
import { demoPatientId, PATIENT_ACCOUNT, patientName, staff } from "./support/demo";
import { enterPhoneFever } from "./support/triage";

const PATIENT = { id: demoPatientId(7), name: patientName(7) };

test.use({ viewport: { width: 1920, height: 1080 } });

test("a fever reported today is labelled, clear of the threshold's label, with room after it", async ({
  page,
}, testInfo) => {
  await new SignInPage(page).signIn(staff("nurse2"), /\/triage$/);
  await enterPhoneFever(page, PATIENT.id, "38.5");
  const record = new PatientRecordPage(page);
  // The record is read on a loaded machine: allow it time.
  await expect(page.getByRole("heading", { level: 1, name: PATIENT.name, exact: true })).toBeVisible({
    timeout: 30_000,
  });

  const chart = record.temperatureChart;
  await expect(chart.locator("svg").first()).toBeVisible();
  const latest = chart.getByText("38.5 °C", { exact: true });
  await expect(latest).toBeVisible();
  const fever = chart.getByText(/^Fever \d+\.\d °C$/);
  await expect(fever).toBeVisible();
  await expectApartAndInside(chart, latest, fever);
  await expectRoomAfterNewestPoint(chart, 16);
  await chart.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, "record-fever-today");
  const shot = testInfo.outputPath("record-fever-today-chart.png");
  await chart.screenshot({ path: shot });
  await testInfo.attach("record-fever-today-chart", { path: shot, contentType: "image/png" });

  // The table for screen readers says which value is the latest.
  const table = await record.openTemperatureTable();
  await expect(table.getByRole("row").last()).toContainText("38.5 °C (fever, latest)");
  expect(await axeViolations(page)).toEqual([]);
});

test("the patient's own charts leave room after the newest grade and label it", async ({ page }, testInfo) => {
  await new SignInPage(page).signIn(PATIENT_ACCOUNT, /\/me$/);
  await page.goto("/me/reports");
  const trends = page.getByRole("region", { name: /How your symptoms have changed/ });
  const charts = trends.locator("figure");
  await expect(charts.first().locator("svg").first()).toBeVisible();
  for (const chart of await charts.all()) {
    await expect(chart.getByText(/^Grade \d$/)).toBeVisible();
    await expectRoomAfterNewestPoint(chart, 16);
  }
  await keepScreenshot(page, testInfo, "my-reports-charts");
  expect(await axeViolations(page)).toEqual([]);
});
