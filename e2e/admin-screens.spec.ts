/**
 * The admin screens and a patient's device tokens as their users meet them (issue 16, item 10):
 * team member counts that agree with the team's page, "Last active" for someone signed in now, a
 * settings change log with each value before and after and only what changed, a token that can be
 * copied and is revoked only when confirmed, and an icon at /favicon.ico. (The emergency-access
 * list naming the record by hospital number is checked in e2e/emergency-access.spec.ts.)
 */
import { expect, test } from "@playwright/test";
import { AdminCareTeamsPage } from "./pages/admin-care-teams-page";
import { AdminPage } from "./pages/admin-page";
import { AdminSettingsPage } from "./pages/admin-settings-page";
import { DevicesPage } from "./pages/devices-page";
import { SignInPage } from "./pages/sign-in-page";
import { axeViolations } from "./support/artefacts";
import { DEMO_TEAMS, PATIENT_ACCOUNT, staff } from "./support/demo";

test.describe("the admin screens", () => {
  test.beforeEach(async ({ page }) => {
    await new SignInPage(page).signIn(staff("admin1"), /\/admin$/);
  });

  test("the care teams list counts the members the team's own page lists", async ({ page }) => {
    const teams = new AdminCareTeamsPage(page);
    await teams.goto();
    expect(await axeViolations(page)).toEqual([]);
    const team = DEMO_TEAMS.breast.name;
    const listed = await teams.membersOf(team);
    const members = await teams.openTeam(team);
    expect(members.length).toBeGreaterThan(0);
    expect(listed).toBe(String(members.length));
  });

  test("'Last active' gives a time for the admin who is signed in now, not 'Never'", async ({ page }) => {
    const admin = new AdminPage(page);
    await expect(admin.heading).toBeVisible();
    const heads = await admin.staffTable.getByRole("columnheader").allTextContents();
    const column = heads.findIndex((h) => h.includes("Last active"));
    expect(column).toBeGreaterThan(-1);
    const me = admin.staffRows.filter({ hasText: staff("admin1").name });
    await expect(me).toHaveCount(1);
    const lastActive = me.getByRole("cell").nth(column);
    await expect(lastActive).not.toHaveText("Never");
    await expect(lastActive).toHaveText(/\d{1,2}:\d{2}/);
  });

  test("the settings change log shows a threshold's value before and after, and nothing that did not change", async ({
    page,
  }) => {
    const settings = new AdminSettingsPage(page);
    await settings.goto();
    const field = page.getByLabel("Low temperature threshold (°C)", { exact: true });
    const original = await field.inputValue();
    const lowered = (Number(original) - 0.1).toFixed(1);
    try {
      await settings.change("Low temperature threshold (°C)", lowered);
      await settings.goto();
      const newest = settings.newestChange();
      await expect(newest).toContainText(`low temperature threshold ${Number(original)} → ${Number(lowered)}`);
      for (const unchanged of ["idle time-out", "longest session", "second factor for staff", "hospital line"])
        await expect(newest).not.toContainText(unchanged);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await settings.goto();
      await settings.change("Low temperature threshold (°C)", original);
    }
  });
});

test("a new device token has a copy button, and revoking one asks first", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await new SignInPage(page).signIn(PATIENT_ACCOUNT, /\/me$/);
  const devices = new DevicesPage(page);
  await devices.goto();
  const name = `Thermometer ${Date.now().toString(36)}`;
  const token = await devices.createToken(name);
  await devices.copy.click();
  await expect(page.getByRole("status").filter({ hasText: /^Copied\.$/ })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  expect(await axeViolations(page)).toEqual([]);

  // Revoking asks first; Cancel keeps the token and returns focus to the button.
  await devices.goto();
  await devices.revoke(name).click();
  const question = page.getByRole("group", { name: new RegExp(`^Revoke “${name}”\\?`) });
  await expect(question).toBeVisible();
  await expect(question.getByRole("button", { name: `Yes, revoke ${name}` })).toBeFocused();
  expect(await axeViolations(page)).toEqual([]);
  await question.getByRole("button", { name: "Cancel" }).click();
  await expect(devices.revoke(name)).toBeFocused();
  await expect(devices.device(name)).toHaveCount(1);

  await devices.revoke(name).click();
  await question.getByRole("button", { name: `Yes, revoke ${name}` }).click();
  await expect(devices.device(name)).toHaveCount(0);
});

test("every page has an icon at /favicon.ico", async ({ page, request }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/image\//);
  await page.goto("/sign-in");
  await expect(page.locator('head link[rel="icon"]')).toHaveCount(1);
});
