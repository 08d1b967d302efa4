/**
 * A real SMART client (the `fhirclient` package in Chromium, on its own origin) launches standalone
 * against the app: an admin registers it on the admin page; a patient and a clinician sign in here
 * and allow it; it reads a Patient and Observations (checked against fhir.schema.json), only what
 * consent allows; once the admin revokes it, its token is refused.
 */
import type { Server } from "node:http";
import { expect, type Page, test } from "@playwright/test";
import { fhirSchemaErrors } from "../tests/support/fhir-schema";
import { SignInPage } from "./pages/sign-in-page";
import { DENYING_PATIENT, demoPatientId, PATIENT_ACCOUNT, staff } from "./support/demo";
import { SMART_APP, startSmartApp } from "./support/smart-app";

let app: Server;
test.beforeAll(async () => {
  app = await startSmartApp();
});
test.afterAll(async () => {
  await new Promise((resolve) => app.close(resolve));
});

// biome-ignore lint/suspicious/noExplicitAny: FHIR JSON, read by path and checked by the schema
type Json = Record<string, any>;

/** Launches the app from its own page and allows it on this site's approval page. */
async function launch(page: Page, baseURL: string, clientId: string, scope: string, appName: string) {
  const query = new URLSearchParams({ client: clientId, scope, iss: `${baseURL}/fhir/R4` });
  await page.goto(`${SMART_APP}/launch.html?${query}`);
  await expect(page.getByRole("heading", { name: `Connect ${appName}?` })).toBeVisible();
  await page.getByRole("button", { name: "Allow", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`^${SMART_APP}/app.html`));
  await expect(page.locator("body")).toHaveAttribute("data-ready", /^(?!error)/);
}

const read = (page: Page, patientId?: string) =>
  page.evaluate((id) => (window as unknown as { read: (id?: string) => Promise<Json> }).read(id), patientId);

function expectValid(resource: Json) {
  expect(fhirSchemaErrors(resource)).toEqual([]);
  for (const entry of resource.entry ?? []) expect(fhirSchemaErrors(entry.resource)).toEqual([]);
}

test("a patient's and a clinician's app read what consent allows, and stop when the admin revokes it", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const site = baseURL ?? "";
  const appName = `Symptom Viewer ${Date.now()}`;

  const admin = await browser.newPage();
  await new SignInPage(admin).signIn(staff("admin1"), /\/admin$/);
  await admin.goto("/admin/apps");
  await admin.getByLabel("Name, as patients and clinicians will see it").fill(appName);
  await admin.getByLabel("Redirect URIs, one a line").fill(`${SMART_APP}/app.html`);
  await admin.getByRole("button", { name: "Register app" }).click();
  const registered = admin.getByText(`Registered ${appName}. Its client_id is`);
  await expect(registered).toBeVisible();
  const clientId = (await registered.locator("code").textContent()) ?? "";

  // The patient: their own record, with the patient in context.
  const patient = await browser.newPage();
  await new SignInPage(patient).signIn(PATIENT_ACCOUNT, /\/me$/);
  await launch(patient, site, clientId, "openid fhirUser launch/patient patient/*.rs", appName);
  await expect(patient.locator("body")).toHaveAttribute("data-ready", demoPatientId(0));
  const own = await read(patient);
  expect(own.patient.id).toBe(demoPatientId(0));
  expect(own.observations.resourceType).toBe("Bundle");
  expect(own.observations.total).toBeGreaterThan(0);
  expectValid(own.patient);
  expectValid(own.observations);

  // The clinician: a patient of her team, and one who withholds symptoms from her.
  const nurse = await browser.newPage();
  await new SignInPage(nurse).signIn(staff("nurse1"), /\/triage$/);
  await launch(nurse, site, clientId, "openid fhirUser user/*.rs", appName);
  const shared = await read(nurse, demoPatientId(0));
  expect(shared.patient.id).toBe(demoPatientId(0));
  expectValid(shared.observations);
  expect(shared.observations.total).toBeGreaterThan(0);
  expect(await read(nurse, DENYING_PATIENT.id)).toEqual({ refused: 404 });

  // The admin revokes the app: both its tokens are refused from the next request on.
  await admin.goto("/admin/apps");
  await admin.getByRole("button", { name: `Revoke ${appName}` }).click();
  await admin.getByRole("button", { name: `Yes, revoke ${appName}` }).click();
  await expect(admin.getByText(/^Revoked /).first()).toBeVisible();
  expect(await read(patient)).toEqual({ refused: 401 });
  expect(await read(nurse, demoPatientId(0))).toEqual({ refused: 401 });
});
