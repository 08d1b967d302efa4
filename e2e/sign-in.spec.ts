import { expect, test } from "@playwright/test";
import { AdminPage } from "./pages/admin-page";
import { MyRecordPage } from "./pages/my-record-page";
import { PatientListPage } from "./pages/patient-list-page";
import { SignInPage } from "./pages/sign-in-page";
import {
  BREAST_VISIBLE_INDEXES,
  DEMO_STAFF,
  DEMO_TEAMS,
  EXPIRED_PATIENT,
  hospitalNumber,
  PATIENT_ACCOUNT,
  SIGN_IN_REFUSED,
  staff,
} from "./support/demo";

test.describe("signing in", () => {
  test("a nurse signs in to the triage queue, and her patient list holds the patients of her team whose consent is in force", async ({
    page,
  }) => {
    await new SignInPage(page).signIn(staff("nurse1"), /\/triage$/);
    await page.goto("/patients");
    const list = new PatientListPage(page);
    await list.expectShown();

    const expected = BREAST_VISIBLE_INDEXES.map(hospitalNumber);
    expect(expected).toHaveLength(19); // 20 breast-team patients, less the one whose consent has expired
    // Other tests enrol patients of their own into the same team (hospital numbers not ECC...):
    // the demo centre's patients are exactly the expected ones.
    await expect(list.rows.filter({ hasText: /ECC\d{7}/ })).toHaveCount(expected.length);
    await expect(list.summary).toHaveText(/^\d+ patients you may see\.$/);
    expect((await list.column(1)).filter((number) => number.startsWith("ECC")).sort()).toEqual([...expected].sort());
    expect(new Set(await list.column(4))).toEqual(new Set([DEMO_TEAMS.breast.name]));
    await expect(list.rows.filter({ hasText: EXPIRED_PATIENT.hospitalNumber })).toHaveCount(0);
    await expect(page.getByText(staff("nurse1").name)).toBeVisible();
  });

  test("a wrong password reads exactly like an unknown email, and stays on sign-in", async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    // admin2 is used by no other test, so its failed attempts cannot lock anyone else out.
    await signIn.submitCredentials(staff("admin2").email, "not-the-password");
    await expect(signIn.error).toHaveText(SIGN_IN_REFUSED);
    await signIn.expectShown();

    await signIn.submitCredentials("nobody.here@ecc.example", "not-the-password");
    await expect(signIn.error).toHaveText(SIGN_IN_REFUSED);
    await signIn.expectShown();
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  });

  test("a patient sees their own record and, in plain words, who may see it", async ({ page }) => {
    await new SignInPage(page).signIn(PATIENT_ACCOUNT, /\/me$/);
    const me = new MyRecordPage(page);
    await me.expectShown();
    await expect(page.getByRole("main").getByText(PATIENT_ACCOUNT.name)).toBeVisible();
    await expect(page.getByRole("main").getByText(hospitalNumber(0), { exact: true })).toBeVisible();
    await expect(me.whoCanSee.getByRole("listitem")).toHaveText([
      `${DEMO_TEAMS.breast.name} can see your symptom reports, your treatment plan, alerts about you and your personal details.`,
    ]);
    await expect(me.shell.navLink("Patients")).toHaveCount(0);
  });

  test("an admin sees the staff list, no patient list, and is refused /patients", async ({ page }) => {
    await new SignInPage(page).signIn(staff("admin1"), /\/admin$/);
    const admin = new AdminPage(page);
    await admin.expectShown();
    await expect(admin.staffRows).toHaveCount(DEMO_STAFF.length);
    for (const member of DEMO_STAFF) await expect(admin.staffRows.filter({ hasText: member.email })).toHaveCount(1);
    await expect(admin.shell.navLink("Staff")).toBeVisible();
    await expect(admin.shell.navLink("Patients")).toHaveCount(0);

    await page.goto("/patients");
    await expect(page).toHaveURL(/\/forbidden$/);
    await expect(page.getByRole("heading", { level: 1, name: "You do not have access to this page" })).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);
  });

  test("signing out returns to sign-in, and neither back nor /patients shows data again", async ({ page }) => {
    await new SignInPage(page).signIn(staff("nurse2"), /\/triage$/);
    await page.goto("/patients");
    const list = new PatientListPage(page);
    const firstRow = await list.rows.first().textContent();
    expect(firstRow).toBeTruthy();

    await list.shell.signOut();
    const signIn = new SignInPage(page);
    await signIn.expectShown();

    await page.goBack();
    await signIn.expectShown();
    await expect(page.getByRole("table")).toHaveCount(0);
    await expect(page.getByText(firstRow as string)).toHaveCount(0);

    await page.goto("/patients");
    await signIn.expectShown();
    await expect(page.getByRole("table")).toHaveCount(0);

    const session = await page.request.get("/api/auth/session");
    expect(await session.json()).toEqual({});
  });

  test("visiting /patients signed out redirects to sign-in", async ({ page }) => {
    await page.goto("/patients");
    await new SignInPage(page).expectShown();
    await expect(page.getByRole("table")).toHaveCount(0);
  });
});
