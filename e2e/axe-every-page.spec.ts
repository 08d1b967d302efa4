/**
 * Every page of the app, as the person who uses it, checked with axe-core on the WCAG 2 A and AA and
 * WCAG 2.2 AA rules, at 1920x1080 and on a phone (390x844): no violation of any impact. Pages with
 * a dialog are also checked with it open in the specs that open them (triage-resolve, keyboard-focus).
 */
import { expect, type Page, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { axeViolations } from "./support/artefacts";
import { DEMO_TEAMS, demoPatientId, PATIENT_ACCOUNT, staff } from "./support/demo";

const SIZES = [
  { name: "desktop", width: 1920, height: 1080 },
  { name: "phone", width: 390, height: 844 },
];

/** A patient whose whole record the demo oncologist may read (Shona Drummond, Breast Oncology). */
const RECORD = demoPatientId(8);

/** Each path at each size: the violations found, as "path (size): violation" lines. */
async function sweep(page: Page, paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const path of paths) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBeLessThan(400);
      await page.waitForLoadState("networkidle");
      for (const violation of await axeViolations(page)) found.push(`${path} (${size.name}): ${violation}`);
    }
  }
  return found;
}

test.describe("every page has no axe violations", () => {
  test.describe.configure({ timeout: 240_000 });

  test("the sign-in page", async ({ page }) => {
    expect(await sweep(page, ["/sign-in"])).toEqual([]);
  });

  test("an oncologist's pages", async ({ page }) => {
    await new SignInPage(page).signIn(staff("oncologist1"), /\/triage$/);
    const alertLink = page.locator('a[href^="/alerts/"]').first();
    const alertPath = (await alertLink.count()) > 0 ? await alertLink.getAttribute("href") : null;
    const paths = [
      "/triage",
      "/patients",
      `/patients/${RECORD}`,
      `/patients/${RECORD}/treatment`,
      `/patients/${RECORD}/report`,
      "/patients/new",
      `/teams/${DEMO_TEAMS.breast.id}/rota`,
      "/account",
      ...(alertPath ? [alertPath] : []),
    ];
    expect(await sweep(page, paths)).toEqual([]);
  });

  test("an admin's pages", async ({ page }) => {
    await new SignInPage(page).signIn(staff("admin1"), /\/admin$/);
    const paths = [
      "/admin",
      "/admin/staff/new",
      "/admin/care-teams",
      `/admin/care-teams/${DEMO_TEAMS.breast.id}`,
      `/admin/care-teams/${DEMO_TEAMS.breast.id}/rota`,
      "/admin/settings",
      "/admin/activity",
      "/admin/emergency-access",
      "/account",
    ];
    expect(await sweep(page, paths)).toEqual([]);
  });

  test("a patient's pages", async ({ page }) => {
    await new SignInPage(page).signIn(PATIENT_ACCOUNT, /\/me$/);
    const paths = ["/me", "/report", "/me/reports", "/me/sharing", "/me/access", "/me/devices", "/me/reminders"];
    expect(await sweep(page, paths)).toEqual([]);
  });
});
