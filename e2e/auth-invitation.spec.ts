import { expect, test } from "@playwright/test";
import { totpCode } from "../server/auth/totp";
import { SecondFactorPage, SignInPage } from "./pages/sign-in-page";
import { auditActions, closeDatabase, createLink, createStaff } from "./support/auth-db";

/** Where a nurse lands after signing in (the start page may change; signing in is what is tested). */
const CLINICIAN_HOME = /\/(patients|triage)$/;

test.afterAll(closeDatabase);

test.describe("one-time links", () => {
  test("an invited colleague sets a password, signs in and sets up two-factor sign-in", async ({ page }) => {
    const account = await createStaff("invited");
    // Issued as the app does: one admin asks, a second approves, and the link goes to the nurse's email.
    const link = await createLink(account.id);

    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1, name: "Set your password" })).toBeVisible();
    await expect(page.getByText(account.email)).toBeVisible();

    const password = page.getByLabel("New password", { exact: true });
    const confirm = page.getByLabel("Repeat the new password");
    const submit = page.getByRole("button", { name: "Set password" });
    await password.fill("Password2024!");
    await confirm.fill("Password2024!");
    await submit.click();
    await expect(page.getByText(/too common/)).toBeVisible();
    await password.fill("short one");
    await confirm.fill("short one");
    await submit.click();
    await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
    const chosen = "Heather kettle morning 42";
    await password.fill(chosen);
    await confirm.fill(`${chosen}.`);
    await submit.click();
    await expect(page.getByText("The two passwords do not match.")).toBeVisible();
    await confirm.fill(chosen);
    await submit.click();

    const signIn = new SignInPage(page);
    await signIn.expectShown();
    await expect(page.getByRole("status")).toHaveText(/Your password is set/);
    await signIn.submitCredentials(account.email, chosen);

    // The organisation requires a second factor: set it up before anything else.
    await expect(page).toHaveURL(/\/sign-in\/enrol$/);
    await expect(page.getByRole("heading", { level: 1, name: "Set up two-factor sign-in" })).toBeVisible();
    await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
    const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel("Code from the app").fill(totpCode(secret));
    await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();

    const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    await expect(codes).toHaveCount(10);
    const recovery = (await codes.first().textContent()) as string;
    await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
    await expect(page).toHaveURL(CLINICIAN_HOME);

    // The link worked once.
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1, name: "This link cannot be used" })).toBeVisible();
    await expect(page.getByText(/already been used/)).toBeVisible();

    // Next time, a recovery code stands in for the phone (once).
    await page.context().clearCookies();
    await signIn.goto();
    await signIn.submitCredentials(account.email, chosen);
    const second = new SecondFactorPage(page);
    await expect(second.heading).toBeVisible();
    await second.submitCode(recovery);
    await expect(page).toHaveURL(CLINICIAN_HOME);
    expect(await auditActions(account.id)).toEqual(
      expect.arrayContaining(["account_activated", "mfa_enrolled", "signed_in"]),
    );
  });

  test("a reset link replaces a forgotten password; the old one stops working", async ({ page }) => {
    const account = await createStaff("reset", { password: "Forgotten garden path 1", mfa: true });
    await page.goto(await createLink(account.id));
    await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
    await page.getByLabel("New password", { exact: true }).fill("Remembered garden gate 2");
    await page.getByLabel("Repeat the new password").fill("Remembered garden gate 2");
    await page.getByRole("button", { name: "Set password" }).click();

    const signIn = new SignInPage(page);
    await signIn.expectShown();
    await signIn.submitCredentials(account.email, "Forgotten garden path 1");
    await expect(signIn.error).toHaveText(/incorrect/);
    await signIn.submitCredentials(account.email, "Remembered garden gate 2");
    // The reset changed the password, not the second factor.
    await new SecondFactorPage(page).pass(account.totpSecret as string);
    await expect(page).toHaveURL(CLINICIAN_HOME);
  });

  test("a made-up link is refused plainly", async ({ page }) => {
    await page.goto(`/activate/${"A".repeat(43)}`);
    await expect(page.getByRole("heading", { level: 1, name: "This link cannot be used" })).toBeVisible();
    await expect(page.getByText(/not valid/)).toBeVisible();
  });
});
