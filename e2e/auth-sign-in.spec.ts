import { expect, test } from "@playwright/test";
import { SIGN_IN_MESSAGES } from "../lib/auth/messages";
import { totpCode, totpCodeForStep, totpStep } from "../server/auth/totp";
import { AdminPage } from "./pages/admin-page";
import { SecondFactorPage, SignInPage } from "./pages/sign-in-page";
import { auditActions, closeDatabase, createStaff, removeRole } from "./support/auth-db";
import { staff } from "./support/demo";

/** Where a nurse lands after signing in (the start page may change; signing in is what is tested). */
const CLINICIAN_HOME = /\/(patients|triage)$/;

const PASSWORD = "Lantern orchard fifty 9";

test.afterAll(closeDatabase);

test.describe("signing in with a second factor", () => {
  test("a demo admin signs in with the password and the code from the demo secret", async ({ page }) => {
    await new SignInPage(page).signIn(staff("admin1"), /\/admin$/);
    await new AdminPage(page).expectShown();
  });

  test("password, then a wrong code is refused, then the right code lands; the cookie is locked down", async ({
    page,
    context,
  }) => {
    const account = await createStaff("totp", { password: PASSWORD, mfa: true });
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.submitCredentials(account.email, PASSWORD);
    await expect(page).toHaveURL(/\/sign-in\/verify$/);
    const second = new SecondFactorPage(page);
    await expect(second.heading).toBeVisible();
    await expect(page.getByText(account.email)).toBeVisible();

    // Until the second factor is passed, nothing else opens: every page leads back here.
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in\/verify$/);

    const secret = account.totpSecret as string;
    const wrong = totpCode(secret) === "000000" ? "111111" : "000000";
    await second.submitCode(wrong);
    await expect(second.error).toHaveText(/That code is not correct/);
    await expect(page).toHaveURL(/\/sign-in\/verify$/);

    await second.submitCode(totpCodeForStep(secret, totpStep(new Date())));
    await expect(page).toHaveURL(CLINICIAN_HOME);

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name.endsWith("next-auth.session-token"));
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true });
    // The cookie names only a session row: no email, no roles inside.
    expect(session?.value).not.toContain(account.email);
    expect(await auditActions(account.id)).toEqual(
      expect.arrayContaining(["sign_in_password_accepted", "second_factor_failed", "signed_in"]),
    );
  });

  test("wrong passwords read like an unknown email, then slow down, then lock the account", async ({ page }) => {
    test.setTimeout(90_000); // it waits out the slow-down: 5 and 15 seconds
    const account = await createStaff("lockout", { password: PASSWORD, mfa: true });
    const signIn = new SignInPage(page);
    await signIn.goto();

    const tryPassword = async (password: string, expected: string) => {
      await signIn.submitCredentials(account.email, password);
      await expect(signIn.error).toHaveText(expected);
      await signIn.expectShown();
    };
    await tryPassword("not my password", SIGN_IN_MESSAGES.refused);
    await tryPassword("still not it", SIGN_IN_MESSAGES.refused);
    await tryPassword("third time", SIGN_IN_MESSAGES.refused);
    // Straight away again: the account asks for a pause (5 seconds after the third failure).
    await tryPassword("too quick", SIGN_IN_MESSAGES.slowed);
    await page.waitForTimeout(5_500);
    await tryPassword("fourth failure", SIGN_IN_MESSAGES.refused);
    await page.waitForTimeout(15_500);
    await tryPassword("fifth failure", SIGN_IN_MESSAGES.locked);
    // Locked: even the right password is refused now.
    await tryPassword(PASSWORD, SIGN_IN_MESSAGES.locked);

    const actions = await auditActions(account.id);
    expect(actions.filter((a) => a === "sign_in_failed")).toHaveLength(7);
    expect(actions).toContain("account_locked");
  });

  test("a role removed by an admin is refused on the very next request", async ({ page }) => {
    const account = await createStaff("role", { password: PASSWORD, mfa: true });
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.submitCredentials(account.email, PASSWORD);
    await new SecondFactorPage(page).pass(account.totpSecret as string);
    await expect(page).toHaveURL(CLINICIAN_HOME);
    await page.goto("/patients");
    await expect(page.getByRole("heading", { level: 1, name: "Patients" })).toBeVisible();

    await removeRole(account.id, "nurse");
    await page.reload();
    await expect(page).toHaveURL(/\/forbidden$/);
  });

  test("signing out everywhere ends the sessions of the other browsers too", async ({ browser }) => {
    const account = await createStaff("everywhere", { password: PASSWORD, mfa: true });
    const browsers = [await browser.newContext(), await browser.newContext()];
    const pages = await Promise.all(browsers.map((c) => c.newPage()));
    let step = totpStep(new Date());
    for (const page of pages) {
      const signIn = new SignInPage(page);
      await signIn.goto();
      await signIn.submitCredentials(account.email, PASSWORD);
      const second = new SecondFactorPage(page);
      await expect(second.heading).toBeVisible();
      // Each code is accepted once: the second browser uses the next one.
      await second.submitCode(totpCodeForStep(account.totpSecret as string, step++));
      await expect(page).toHaveURL(CLINICIAN_HOME);
    }
    const [first, other] = pages;
    await first.goto("/account");
    await expect(first.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
    await expect(first.getByText("This browser.")).toBeVisible();
    await first.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(first).toHaveURL(/\/sign-in\?notice=signed-out-everywhere$/);

    await other.goto("/patients");
    await new SignInPage(other).expectShown();
    expect(await auditActions(account.id)).toContain("signed_out_everywhere");
    await Promise.all(browsers.map((c) => c.close()));
  });
});
