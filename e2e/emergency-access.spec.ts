/**
 * Emergency access ("break the glass") in the browser, on a patient enrolled by the test itself so
 * no other test's data changes: a clinician of another team is shown no clinical data, nor even the
 * patient's name, until they give a reason; then the record opens with a banner on every page, the
 * admins' list shows the access, and the patient sees it in "Who has looked at my record".
 * Screenshots are kept as test artefacts.
 */
import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { axeViolations, keepScreenshot } from "./support/artefacts";
import { staff } from "./support/demo";

const main = (page: Page) => page.getByRole("main");

test("a clinician without consent is shown no clinical data until they break the glass", async ({
  browser,
}, testInfo) => {
  test.setTimeout(360_000);
  const suffix = randomBytes(3).toString("hex").toUpperCase();
  const patient = {
    given: "Isobel",
    family: `Glass${suffix}`,
    hospitalNumber: `BTG-${suffix}`,
    email: `isobel.glass.${suffix.toLowerCase()}@patient.example`,
    password: `Heather kettle morning ${suffix}`,
  };
  const name = `${patient.given} ${patient.family}`;
  const reason = `Seen in A&E with fever ${suffix}; the patient is too unwell to answer.`;

  // 1. A breast-team nurse enrols the patient, who shares everything with that team only.
  const nurse = await (await browser.newContext()).newPage();
  await new SignInPage(nurse).signIn(staff("nurse1"), /\/triage$/);
  await nurse.goto("/patients");
  await main(nurse).getByRole("link", { name: "Enrol a patient" }).click();
  await expect(nurse.getByRole("heading", { level: 1, name: "Enrol a patient" })).toBeVisible();
  await nurse.getByLabel("Given name").fill(patient.given);
  await nurse.getByLabel("Family name").fill(patient.family);
  await nurse.getByLabel("Hospital number").fill(patient.hospitalNumber);
  await nurse.getByLabel("Date of birth").fill("1962-09-17");
  await nurse.getByLabel("Diagnosis").fill("Breast cancer, ER-positive");
  await nurse.getByLabel("Patient's email").fill(patient.email);
  await nurse.getByRole("button", { name: "Enrol the patient" }).click();
  const enrolled = main(nurse).getByRole("status");
  await expect(enrolled).toContainText(`${name} is enrolled.`);
  const link = await nurse.getByLabel(`One-time link for ${name}`).inputValue();
  expect(link).toMatch(/\/activate\/[A-Za-z0-9_-]{43}$/);
  const recordHref = (await enrolled
    .getByRole("link", { name: `Open ${name}'s record` })
    .getAttribute("href")) as string;
  const patientId = recordHref.split("/").at(-1) as string;
  await nurse.context().close();

  // 2. An oncologist of the other team: no consent, so the record is "not found", with no name or data.
  const doctor = await (await browser.newContext()).newPage();
  await new SignInPage(doctor).signIn(staff("oncologist2"), /\/triage$/);
  await doctor.goto("/patients");
  await expect(main(doctor).getByRole("row").filter({ hasText: patient.hospitalNumber })).toHaveCount(0);
  const refused = await doctor.goto(recordHref);
  // Streamed after the record's loading state, so with status 200: the raw response names nothing.
  expect(await refused?.text()).not.toContain(patient.hospitalNumber);
  await expect(doctor.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  // Nothing of the patient anywhere in the page, and none of the record's sections on screen (their
  // headings are in the language's messages the page carries for its client components).
  const before = await doctor.content();
  for (const secret of [patient.family, patient.hospitalNumber, "Breast cancer"]) {
    expect(before).not.toContain(secret);
  }
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is meant; textContent would include the scripts, messages and all
  const onScreen = await doctor.locator("body").innerText();
  for (const section of ["Symptom timeline", "Treatment plan"]) {
    expect(onScreen).not.toContain(section);
  }
  await keepScreenshot(doctor, testInfo, "emergency-before");

  // 3. Breaking the glass needs a real reason.
  await doctor.getByRole("link", { name: "Request emergency access" }).click();
  await expect(doctor.getByRole("heading", { level: 1, name: "Emergency access" })).toBeVisible();
  expect(await doctor.content()).not.toContain(patient.family);
  await expect(doctor.getByLabel("For how long")).toHaveValue("4");
  await doctor.getByLabel("Why do you need this record now?").fill("urgent");
  await doctor.getByRole("button", { name: "Open the record in an emergency" }).click();
  await expect(
    main(doctor).getByText("Say why you need to open this record, in at least 10 characters."),
  ).toBeVisible();
  await expect(doctor.getByLabel("Why do you need this record now?")).toHaveValue("urgent");
  await doctor.getByLabel("Why do you need this record now?").fill(reason);
  await doctor.getByRole("button", { name: "Open the record in an emergency" }).click();

  // 4. The record opens, with the banner, and the banner stays on the record's other pages.
  await expect(doctor).toHaveURL(new RegExp(`/patients/${patientId}$`));
  const banner = doctor.getByRole("region", {
    name: /^Emergency access: you are viewing this record without the patient's consent/,
  });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(reason);
  await expect(doctor.getByRole("heading", { level: 1, name, exact: true })).toBeVisible();
  await expect(main(doctor).getByText(patient.hospitalNumber, { exact: true })).toBeVisible();
  await expect(main(doctor).getByText(/^Emergency access until/)).toBeVisible();
  await keepScreenshot(doctor, testInfo, "emergency-after");
  await doctor.goto(`${recordHref}/treatment`);
  await expect(banner).toBeVisible();
  await doctor.goto("/patients");
  await expect(main(doctor).getByRole("row").filter({ hasText: patient.hospitalNumber })).toContainText(
    "Emergency access until",
  );
  // Renewing while it is in force needs a new reason; no more than four hours are offered.
  await doctor.goto(`${recordHref}/emergency-access`);
  await expect(doctor.getByLabel("For how long").locator("option")).toHaveText([
    "1 hour",
    "2 hours",
    "3 hours",
    "4 hours",
  ]);
  await doctor.getByLabel("Why do you need this record now?").fill(reason);
  await doctor.getByRole("button", { name: "Open the record in an emergency" }).click();
  await expect(main(doctor).getByText("Give a new reason: say why you still need the record.")).toBeVisible();
  await doctor.context().close();

  // 5. The organisation's admin sees that it happened, who opened it and the record's hospital number
  //    (to find it by in the hospital's systems), but not the clinical reason nor the patient's name.
  const admin = await (await browser.newContext()).newPage();
  await new SignInPage(admin).signIn(staff("admin1"), /\/admin$/);
  await admin.goto("/admin/emergency-access");
  await expect(admin.getByRole("heading", { level: 1, name: "Emergency accesses" })).toBeVisible();
  await expect(main(admin).getByRole("columnheader", { name: "Hospital number" })).toBeVisible();
  const entry = main(admin).getByRole("row").filter({ hasText: patient.hospitalNumber });
  await expect(entry).toHaveCount(1);
  await expect(entry).not.toContainText(patientId.slice(0, 8));
  await expect(entry).toContainText("Dr Ahmed Rashid");
  await expect(entry).toContainText("(in force)");
  const adminPage = await admin.content();
  expect(adminPage).not.toContain(patient.family);
  expect(adminPage).not.toContain(patient.email);
  expect(adminPage).not.toContain(reason);
  await keepScreenshot(admin, testInfo, "emergency-admin-list");
  expect(await axeViolations(admin)).toEqual([]);
  await admin.context().close();

  // 6. The patient activates their account and sees who opened their record, and why.
  const own = await (await browser.newContext()).newPage();
  await own.goto(link);
  await own.getByLabel("New password", { exact: true }).fill(patient.password);
  await own.getByLabel("Repeat the new password").fill(patient.password);
  await own.getByRole("button", { name: "Set password" }).click();
  await new SignInPage(own).expectShown();
  await new SignInPage(own).signIn({ email: patient.email, password: patient.password, name }, /\/me$/);
  await own.goto("/me/access");
  const emergencies = own.getByRole("region", { name: "Emergency access" });
  await expect(emergencies).toContainText(`Dr Ahmed Rashid opened your record on`);
  await expect(emergencies).toContainText(reason);
  await expect(main(own).getByRole("row").filter({ hasText: "Opened your record in an emergency" })).toHaveCount(1);
  await expect(main(own).getByRole("row").filter({ hasText: "Enrolled you with a care team" })).toHaveCount(1);
  await keepScreenshot(own, testInfo, "emergency-patient-access-log");
  await own.context().close();
});
