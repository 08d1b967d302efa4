import { expect, type Locator, type Page, test } from "@playwright/test";
import { TOTP_PERIOD_SECONDS, totpCodeForStep, totpStep } from "../../server/auth/totp";
import { demoTotpSecret } from "../../server/demo/seed";
import type { DemoAccount } from "../support/demo";
import { allowing } from "../support/server";

export class SignInPage {
  readonly heading: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Sign in to SERUMS Oncology" });
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password");
    this.submit = page.getByRole("button", { name: "Sign in" });
    // Within the main landmark: Next.js's route announcer is an alert too.
    this.error = page.getByRole("main").getByRole("alert");
  }

  async goto() {
    await this.page.goto("/sign-in");
    await this.expectShown();
  }

  async expectShown() {
    await expect(this.page).toHaveURL(/\/sign-in(\?.*)?$/);
    await expect(this.heading).toBeVisible();
  }

  /** Fills and submits the form; the caller checks where it leads. */
  async submitCredentials(email: string, password: string) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }

  /**
   * Signs in and expects to land on `landing`. Demo staff have two-factor sign-in (db/seed.ts), so
   * when the code is asked for it is computed from their demo secret, as `npm run demo:totp` does.
   */
  async signIn(account: DemoAccount, landing: RegExp) {
    await this.goto();
    await this.submitCredentials(account.email, account.password);
    // Either straight to the landing page, or first to the code step; a failure names where it went.
    const arrived = () => landing.test(this.page.url()) || new URL(this.page.url()).pathname === "/sign-in/verify";
    await expect.poll(() => (arrived() ? "arrived" : this.page.url()), { timeout: allowing(20_000) }).toBe("arrived");
    if (new URL(this.page.url()).pathname === "/sign-in/verify") {
      await new SecondFactorPage(this.page).pass(demoTotpSecret(account.email));
    }
    await expect(this.page).toHaveURL(landing);
  }
}

/** The second step of signing in: the authenticator app's code. */
export class SecondFactorPage {
  readonly heading: Locator;
  readonly code: Locator;
  readonly verify: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Two-factor sign-in" });
    this.code = page.getByLabel("Authentication code");
    this.verify = page.getByRole("button", { name: "Verify" });
    this.error = page.getByRole("main").getByRole("alert");
  }

  async submitCode(code: string) {
    await this.code.fill(code);
    await this.verify.click();
  }

  /**
   * Enters the current code for `secret` and waits to leave the page. Each code is accepted once
   * per account (RFC 6238 replay protection), so when a parallel test has just used it, the next
   * step's code (already accepted by the server's ±1 step window) is tried, and failing that the
   * test waits for the app's next code, allowing itself the extra time.
   */
  async pass(secret: string) {
    await expect(this.heading).toBeVisible();
    let step = totpStep(new Date());
    for (let attempt = 0; attempt < 6; attempt++) {
      const ahead = step - totpStep(new Date());
      if (ahead > 1) {
        const wait = (ahead - 1) * TOTP_PERIOD_SECONDS * 1000 - (Date.now() % (TOTP_PERIOD_SECONDS * 1000)) + 250;
        test.info().setTimeout(test.info().timeout + wait + 5_000);
        // Waits on the clock, not a fixed sleep: until `step` is within the server's ±1 window.
        const target = step;
        await expect.poll(() => totpStep(new Date()), { timeout: wait + 5_000 }).toBeGreaterThanOrEqual(target - 1);
      }
      const [response] = await Promise.all([
        this.page.waitForResponse(
          (r) => r.url().endsWith("/api/auth/second-factor") && r.request().method() === "POST",
        ),
        this.submitCode(totpCodeForStep(secret, step)),
      ]);
      if (response.status() === 409) {
        step += 1; // already used: try the next code
        continue;
      }
      expect(response.status(), await response.text()).toBe(200);
      await this.page.waitForURL((url) => url.pathname !== "/sign-in/verify");
      return;
    }
    throw new Error("The second factor was refused every time");
  }
}
