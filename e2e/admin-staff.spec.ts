import AxeBuilder from "@axe-core/playwright";
import { expect as baseExpect, type Page, test } from "@playwright/test";
import {
  BORDERS_ADMIN,
  BORDERS_NURSE,
  BORDERS_SECOND_ADMIN,
  BORDERS_TEAMS,
  staffDirectoryPlan,
} from "../scripts/seed-staff";
import { AdminStaffMemberPage } from "./pages/admin-staff-member-page";
import { AdminStaffPage } from "./pages/admin-staff-page";
import { PatientListPage } from "./pages/patient-list-page";
import { SignInPage } from "./pages/sign-in-page";
import { auditTrailOf, ensureBordersUnit, linkEmailedTo } from "./support/admin-db";

/**
 * The admin pages in the Borders Cancer Unit (scripts/seed-staff.ts): 242 staff in an organisation
 * of its own, so nothing here disturbs the demo centre other tests count.
 */
// Each step is a server render on a machine that may be busy: allow it time.
const expect = baseExpect.configure({ timeout: 30_000 });
const admin = { email: BORDERS_ADMIN.email, password: BORDERS_ADMIN.password, name: BORDERS_ADMIN.name };
const secondAdmin = {
  email: BORDERS_SECOND_ADMIN.email,
  password: BORDERS_SECOND_ADMIN.password,
  name: BORDERS_SECOND_ADMIN.name,
};
const nurse = { email: BORDERS_NURSE.email, password: BORDERS_NURSE.password, name: BORDERS_NURSE.name };
const plan = staffDirectoryPlan();
const teamName = (key: string) => BORDERS_TEAMS.find((t) => t.key === key)?.name as string;

test.beforeAll(async () => {
  await ensureBordersUnit();
});

/**
 * Signs the admin in and ends the Borders nurse's sessions once from her page, capturing that
 * genuine call of the "sign out everywhere" action (harmless: it ends no admin session); returns
 * the action's id, for replaying it.
 */
async function captureSignOutAction(page: Page): Promise<string> {
  await new SignInPage(page).signIn(admin, /\/admin$/);
  await page.goto(`/admin/staff/${BORDERS_NURSE.id}`);
  const captured = page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]));
  await new AdminStaffMemberPage(page).act("Sign out everywhere", "Yes, sign out everywhere");
  const actionId = (await captured).headers()["next-action"];
  await new AdminStaffMemberPage(page).expectDone(/session|no open sessions/i);
  return actionId;
}

/** How often the nurse's sessions were ended through the action, by her audit trail. */
const countSignOuts = async () =>
  (await auditTrailOf(BORDERS_NURSE.id)).filter((e) => e.action === "staff_signed_out_everywhere").length;

test.describe("the admin's staff pages", () => {
  test.beforeEach(() => {
    // The machine that runs these may be busy; every page is a server render.
    test.setTimeout(120_000);
  });

  test("an admin deactivates a nurse who is signed in elsewhere: the nurse's next click lands on sign-in", async ({
    page,
    browser,
  }) => {
    test.setTimeout(180_000);
    // The nurse, in a browser context of her own.
    const nurseContext = await browser.newContext();
    const nursePage = await nurseContext.newPage();
    await new SignInPage(nursePage).signIn(nurse, /\/triage$/);
    await nursePage.goto("/patients");
    const patients = new PatientListPage(nursePage);
    await patients.expectShown();

    // The admin finds her and deactivates her account.
    await new SignInPage(page).signIn(admin, /\/admin$/);
    const staff = new AdminStaffPage(page);
    await staff.filter({ search: "Niamh Kerr" });
    await staff.expectSummary("Showing 1–1 of 1 staff.");
    await staff.openStaff(nurse.name);
    await expect(page.getByText("1 open session")).toBeVisible();
    const member = new AdminStaffMemberPage(page);
    await member.act("Deactivate account", "Yes, deactivate");
    await member.expectDone("Deactivated and signed out everywhere.");
    await expect(page.getByText("No open sessions")).toBeVisible();

    // Her very next click, in her own browser, goes to the sign-in page and shows no data.
    await patients.shell.navLink("Patients").click();
    await new SignInPage(nursePage).expectShown();
    await expect(nursePage.getByRole("table")).toHaveCount(0);
    // And she cannot sign in again.
    const again = new SignInPage(nursePage);
    await again.submitCredentials(nurse.email, nurse.password);
    await expect(again.error).toBeVisible();
    await again.expectShown();
    await nurseContext.close();

    // The change says who made it: the account's history, and the audit trail.
    await page.reload();
    await expect(
      member.history.getByRole("row").filter({ hasText: "Account deactivated" }).filter({ hasText: admin.name }),
    ).toHaveCount(1);
    const trail = await auditTrailOf(BORDERS_NURSE.id);
    expect(trail.filter((e) => e.action === "staff_deactivated")).toEqual([
      { action: "staff_deactivated", actor: BORDERS_ADMIN.id },
    ]);

    // Reactivated, for any later run against the same database.
    await member.act("Reactivate account");
    await member.expectDone("Reactivated.");
  });

  test("the staff table pages through all 242 staff on the server, and the URL keeps the page across a reload", async ({
    page,
  }) => {
    test.setTimeout(240_000);
    expect(plan.length).toBeGreaterThanOrEqual(200);
    await new SignInPage(page).signIn(admin, /\/admin$/);
    const staff = new AdminStaffPage(page);
    await staff.expectSummary(`Showing 1–25 of ${plan.length} staff.`);
    await expect(staff.staffRows).toHaveCount(25);
    await expect(staff.header("Name")).toHaveAttribute("aria-sort", "ascending");

    // Every page, one after another, by the "Next page" link: 10 pages of 25, then 17.
    const pages = Math.ceil(plan.length / 25);
    const seen = new Set<string>();
    for (let n = 1; n <= pages; n++) {
      await expect(staff.pages.getByText(`Page ${n} of ${pages}`)).toBeVisible();
      const expected = n < pages ? 25 : plan.length - 25 * (pages - 1);
      await expect(staff.staffRows).toHaveCount(expected);
      for (const email of await staff.column(1)) seen.add(email);
      if (n < pages) {
        await staff.pages.getByRole("link", { name: "Next page" }).click();
        await expect(page).toHaveURL(new RegExp(`[?&]page=${n + 1}(&|$)`));
      }
    }
    expect(seen.size).toBe(plan.length);
    await expect(staff.pages.getByRole("link", { name: "Next page" })).toHaveCount(0);

    // The URL holds the view: a reload, or the link shared, shows the same page.
    await staff.pages.getByRole("link", { name: "Previous page" }).click();
    await expect(page).toHaveURL(/[?&]page=9(&|$)/);
    const before = await staff.column(1);
    await page.reload();
    await expect(staff.pages.getByText(`Page 9 of ${pages}`)).toBeVisible();
    expect(await staff.column(1)).toEqual(before);
  });

  test("the staff table filters and sorts on the server; the filter form and the URL agree", async ({ page }) => {
    test.setTimeout(240_000);
    await new SignInPage(page).signIn(admin, /\/admin$/);
    const staff = new AdminStaffPage(page);
    await staff.expectSummary(`Showing 1–25 of ${plan.length} staff.`);

    // Filters: nurses of Ward 2 who can sign in.
    const ward2Nurses = plan.filter(
      (p) => p.status === "active" && p.memberships.some((m) => m.role === "nurse" && m.team === "ward2"),
    );
    await staff.filter({ role: "Nurse", team: teamName("ward2"), status: "Active" });
    await expect(page).toHaveURL(/role=nurse/);
    await expect(page).toHaveURL(/status=active/);
    await expect(page).not.toHaveURL(/page=/);
    await staff.expectSummary(`Showing 1–${Math.min(25, ward2Nurses.length)} of ${ward2Nurses.length} staff.`);
    for (const roles of await staff.column(2)) expect(roles).toContain(`Nurse, ${teamName("ward2")}`);
    expect(new Set(await staff.column(3))).toEqual(new Set(["Active"]));

    // Sorted by email, descending, within the filter.
    await staff.sortBy("Email").click();
    await expect(staff.header("Email")).toHaveAttribute("aria-sort", "ascending");
    await staff.sortBy("Email").click();
    await expect(staff.header("Email")).toHaveAttribute("aria-sort", "descending");
    await expect(page).toHaveURL(/sort=email&dir=desc/);
    const emails = ward2Nurses
      .map((p) => p.email)
      .sort()
      .reverse();
    expect(await staff.column(1)).toEqual(emails.slice(0, 25));
    // The filter form shows what the URL says after a reload.
    await page.reload();
    await expect(staff.role).toHaveValue("nurse");
    await expect(staff.status).toHaveValue("active");
    expect(await staff.column(1)).toEqual(emails.slice(0, 25));

    // A search with no match explains itself and offers the way back.
    await staff.filter({ search: "zz-no-such-person" });
    await staff.expectSummary("No staff match.");
    await expect(page.getByText(/No staff match “zz-no-such-person” with these filters/)).toBeVisible();
    await page.getByRole("link", { name: "clear the filters" }).click();
    await staff.expectSummary(`Showing 1–25 of ${plan.length} staff.`);

    // 100 rows a page: three pages.
    await staff.filter({ rowsPerPage: "100" });
    await expect(staff.pages.getByText("Page 1 of 3")).toBeVisible();
    await expect(staff.staffRows).toHaveCount(100);

    // Keyboard: the filters are reachable and usable without a mouse.
    await staff.search.focus();
    await page.keyboard.type("Chisholm");
    await page.keyboard.press("Enter");
    const chisholms = plan.filter((p) => p.name.includes("Chisholm")).length;
    await staff.expectSummary(`Showing 1–${chisholms} of ${chisholms} staff.`);
  });

  test("care teams: create, rename, see members, archive and restore", async ({ page }) => {
    await new SignInPage(page).signIn(admin, /\/admin$/);
    await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Care teams" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Care teams" })).toBeVisible();
    const name = `Palliative Care ${Date.now() % 100000}`;
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByRole("button", { name: "Add care team" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Added ${name}` })).toBeVisible();
    // A name with markup is refused in a sentence.
    await page.getByLabel("Name", { exact: true }).fill("<b>Bold</b>");
    await page.getByRole("button", { name: "Add care team" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields." })).toBeVisible();
    await expect(page.getByText("Use letters, numbers, spaces and & , . ' ( ) / - only in the name.")).toBeVisible();

    await page.getByRole("table", { name: "Care teams" }).getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await page.getByLabel("Team name").fill(`${name} Service`);
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `${name} Service` })).toBeVisible();
    await page.getByRole("button", { name: "Archive care team", exact: true }).click();
    await page.getByRole("button", { name: "Yes, archive it" }).click();
    await expect(page.getByText(/^Archived \d/)).toBeVisible();
    await page.getByRole("button", { name: "Restore care team" }).click();
    await expect(page.getByText("Restored. Staff can be given roles in it again.")).toBeVisible();

    // A team's members: Ward 1 holds the seeded nurse.
    await page.goto("/admin/care-teams");
    await page.getByRole("link", { name: teamName("ward1"), exact: true }).click();
    await expect(
      page.getByRole("table", { name: `Members of ${teamName("ward1")}` }).getByRole("link", { name: nurse.name }),
    ).toBeVisible();
    await expect(
      page.getByText("Move its members to another team, or remove their roles here, before archiving it."),
    ).toBeVisible();
  });

  test("organisation settings: a bad value is refused in a sentence; a good one is saved and shows who changed it", async ({
    page,
  }) => {
    await new SignInPage(page).signIn(admin, /\/admin$/);
    await page.goto("/admin/settings");
    await expect(page.getByRole("heading", { level: 1, name: "Organisation settings" })).toBeVisible();
    await page.getByLabel("Idle time-out (minutes)").fill("999");
    await page.getByLabel("Red alert response target (minutes)").fill("20");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields." })).toBeVisible();
    await expect(page.getByText("The idle time-out in minutes must be between 5 and 240.")).toBeVisible();
    // What was typed is kept for correcting.
    await expect(page.getByLabel("Red alert response target (minutes)")).toHaveValue("20");
    await page.getByLabel("Idle time-out (minutes)").fill("30");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByRole("status").filter({ hasText: /Saved: .*red response target/ })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Red alert response target (minutes)")).toHaveValue("20");
    await expect(
      page.getByRole("table", { name: "Recent changes" }).getByRole("row").filter({ hasText: admin.name }).first(),
    ).toBeVisible();

    // The activity view lists it, with who made it.
    await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Activity" }).click();
    await page.getByLabel("Kind of event").selectOption({ label: "Organisation settings" });
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/category=settings/);
    const row = page
      .getByRole("table", { name: "Staff and security events" })
      .getByRole("row")
      .filter({ hasText: "Organisation settings changed" })
      .first();
    await expect(row).toContainText(admin.name);
    await expect(row).toContainText("red response target");
  });

  test("a new nurse takes two admins: one asks, the other approves, and the activation link goes to the nurse's email", async ({
    page,
    browser,
  }) => {
    test.setTimeout(240_000);
    await new SignInPage(page).signIn(admin, /\/admin$/);
    await page.getByRole("link", { name: "Add a staff member" }).click();
    const suffix = Date.now() % 1_000_000;
    const email = `fiona.grieve.${suffix}@borders.example`;
    await page.getByLabel("Full name").fill("Fiona Grieve");
    await page.getByLabel("Work email").fill(email);
    await page.getByLabel("Role").selectOption({ label: "Nurse" });
    await page.getByRole("button", { name: "Create account and send link" }).click();
    // A clinical role needs a care team: refused, and the typed values stay.
    await expect(page.getByText("Choose the care team this role is for.").first()).toBeVisible();
    await expect(page.getByLabel("Full name")).toHaveValue("Fiona Grieve");
    await page.getByLabel("Care team").selectOption({ label: teamName("day") });
    await page.getByRole("button", { name: "Create account and send link" }).click();
    await expect(page.getByText(/Waiting for a second admin to approve their role/)).toBeVisible();
    // No link on screen: this organisation does not show links.
    await expect(page.getByTestId("one-time-link")).toHaveCount(0);
    await page.getByRole("link", { name: "Open Fiona Grieve’s account" }).click();
    const waiting = page.getByRole("region", { name: "Waiting for a second admin" });
    await expect(waiting.getByText("Nurse role in Day Unit")).toBeVisible();
    await expect(waiting.getByText("You asked for this: waiting for a second admin.")).toBeVisible();
    await expect(waiting.getByRole("button", { name: /^Approve/ })).toHaveCount(0);
    await expect(page.getByText("Fiona Grieve has no role, so cannot open any page.")).toBeVisible();
    const userId = page.url().split("/").pop() as string;
    expect(await linkEmailedTo(userId)).toBeNull();

    // The second admin, in a browser of their own, finds the request on the staff page and approves it
    // from the keyboard.
    const secondContext = await browser.newContext();
    const second = await secondContext.newPage();
    await new SignInPage(second).signIn(secondAdmin, /\/admin$/);
    const pending = second.getByRole("region", { name: "Waiting for a second admin" });
    const row = pending.getByRole("row").filter({ hasText: "Fiona Grieve" });
    await expect(row).toContainText("Nurse role in Day Unit");
    await expect(row).toContainText(admin.name);
    const approve = row.getByRole("button", { name: "Approve: Nurse role in Day Unit for Fiona Grieve" });
    await approve.focus();
    await second.keyboard.press("Enter");
    // Said at the top of the page, which takes focus: the approved row itself is gone.
    await expect(
      second
        .getByRole("status")
        .filter({ hasText: "Approved and done. A one-time link is on its way to their email." }),
    ).toBeFocused();
    await second.reload();
    await expect(second.getByText("No changes are waiting for approval.")).toBeVisible();
    await secondContext.close();

    // The role is given, and the activation link went to her own address: she sets her password.
    await page.reload();
    await expect(page.getByRole("table", { name: "Roles of Fiona Grieve" })).toContainText("Day Unit");
    const link = await linkEmailedTo(userId);
    expect(link).toMatch(/^\/activate\/[A-Za-z0-9_-]{43}$/);
    const nurseContext = await browser.newContext();
    const nursePage = await nurseContext.newPage();
    await nursePage.goto(link as string);
    await expect(nursePage.getByText(email)).toBeVisible();
    await nurseContext.close();

    // The trail says who asked and who approved.
    const trail = await auditTrailOf(userId);
    expect(trail.filter((e) => e.action.startsWith("staff_change_"))).toEqual([
      { action: "staff_change_requested", actor: BORDERS_ADMIN.id },
      { action: "staff_change_approved", actor: BORDERS_SECOND_ADMIN.id },
    ]);
    const staff = new AdminStaffPage(page);
    await staff.goto(`?q=${suffix}`);
    await staff.expectSummary("Showing 1–1 of 1 staff.");
    expect(await staff.column(3)).toEqual(["Invited"]);

    // Moving her to another care team changes whose records she reads: that takes two admins too.
    await page.goto(`/admin/staff/${userId}`);
    await page.getByLabel("Move nurse role to").selectOption({ label: teamName("ward1") });
    await page.getByRole("button", { name: "Ask to move" }).click();
    await expect(page.getByText("Waiting for a second admin to approve it. Nothing changes until then.")).toBeVisible();
    await page.reload();
    await expect(page.getByRole("table", { name: "Roles of Fiona Grieve" })).toContainText("Day Unit");
    const againContext = await browser.newContext();
    const again = await againContext.newPage();
    await new SignInPage(again).signIn(secondAdmin, /\/admin$/);
    await again.goto(`/admin/staff/${userId}`);
    await again
      .getByRole("button", {
        name: `Approve: Move their Nurse role from Day Unit to ${teamName("ward1")} for Fiona Grieve`,
      })
      .click();
    await expect(again.getByRole("status").filter({ hasText: "Approved and done." })).toBeVisible();
    await againContext.close();
    await page.reload();
    const roles = page.getByRole("table", { name: "Roles of Fiona Grieve" });
    await expect(roles.getByRole("cell", { name: teamName("ward1"), exact: true })).toBeVisible();
    await expect(roles.getByRole("cell", { name: "Day Unit", exact: true })).toHaveCount(0);
  });

  test("the guard rails answer in plain sentences: no clinical role for oneself, and the nurse cannot open admin pages", async ({
    page,
    browser,
  }) => {
    await new SignInPage(page).signIn(admin, /\/admin$/);
    await page.goto(`/admin/staff/${BORDERS_ADMIN.id}`);
    await expect(page.getByText("This is your own account.")).toBeVisible();
    await expect(
      page.getByText("You cannot give yourself a clinical role or move your own clinical role. Another admin can."),
    ).toBeVisible();
    await expect(page.getByRole("button", { name: "Deactivate account" })).toHaveCount(0);
    // Admins without a clinical role have no patient list.
    await page.goto("/patients");
    await expect(page).toHaveURL(/\/forbidden$/);

    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto("/admin");
    await new SignInPage(otherPage).expectShown();
    await other.close();
  });
});

test.describe("accessibility of the admin pages", () => {
  const ward1 = BORDERS_TEAMS.find((t) => t.key === "ward1")?.id as string;
  const paths = [
    "/admin",
    `/admin/staff/${BORDERS_NURSE.id}`,
    "/admin/staff/new",
    "/admin/care-teams",
    `/admin/care-teams/${ward1}`,
    "/admin/settings",
    "/admin/activity",
  ];
  for (const path of paths) {
    test(`${path.replace(/[0-9a-f-]{36}/, ":id")} has no WCAG 2.1 A/AA violations that axe can find`, async ({
      page,
    }) => {
      test.setTimeout(120_000);
      await new SignInPage(page).signIn(admin, /\/admin$/);
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect(
        results.violations.map((v) => `${v.id} (${v.nodes.length}) ${v.help}: ${v.nodes[0]?.target.join(" ")}`),
      ).toEqual([]);
    });
  }
});

test.describe("hostile requests to the admin pages over HTTP", () => {
  test("a POST from another site, or with no Origin, is refused before any action runs", async ({
    request,
    baseURL,
  }) => {
    const headers = {
      "next-action": "0123456789abcdef0123456789abcdef01234567",
      "content-type": "text/plain;charset=UTF-8",
    };
    const body = JSON.stringify([null, { userId: BORDERS_NURSE.id }]);
    for (const origin of ["https://evil.example", "null", `${baseURL}.evil.example`]) {
      const response = await request.post("/admin", { headers: { ...headers, origin }, data: body, maxRedirects: 0 });
      expect(response.status(), origin).toBe(403);
      expect(await response.json()).toMatchObject({ title: "This request did not come from this site." });
    }
    const noOrigin = await request.post("/admin/staff/new", { headers, data: body, maxRedirects: 0 });
    expect(noOrigin.status()).toBe(403);
  });

  test.describe("a real action, captured once and replayed", () => {
    let actionId: string;
    let signOutsBefore: number;
    test.beforeEach(async ({ page }) => {
      test.setTimeout(180_000);
      actionId = await captureSignOutAction(page);
      signOutsBefore = await countSignOuts();
    });

    test("a real admin action replayed with hostile bodies and headers: each refused, none a server error, nothing changed", async ({
      page,
      baseURL,
    }) => {
      const headers = { "next-action": actionId, accept: "text/x-component" };
      const path = `/admin/staff/${BORDERS_NURSE.id}`;
      const origin = baseURL as string;
      const send = (extra: Record<string, string>, data: string | Buffer, contentType = "text/plain;charset=UTF-8") =>
        page.request.post(path, {
          headers: { ...headers, "content-type": contentType, ...extra },
          data,
          maxRedirects: 0,
        });

      // Another site, and no Origin: refused outright.
      for (const extra of [{ origin: "https://evil.example" }, { origin: "null" }, {}] as Record<string, string>[]) {
        const response = await send(extra, JSON.stringify([null, { userId: BORDERS_NURSE.id }]));
        expect(response.status(), JSON.stringify(extra)).toBe(403);
      }
      // From this site but not a form: a plain object, a number, a string, nothing, a deeply nested value.
      const notForms = [
        JSON.stringify([null, { userId: BORDERS_NURSE.id }]),
        JSON.stringify([null, 42]),
        JSON.stringify([null, "userId=1"]),
        JSON.stringify([]),
        JSON.stringify([null, JSON.parse("[".repeat(500) + "]".repeat(500))]),
      ];
      for (const body of notForms) {
        const response = await send({ origin }, body);
        expect(response.status(), body.slice(0, 40)).toBeLessThan(500);
        const text = await response.text();
        expect(text, body.slice(0, 40)).not.toContain('"ok":true');
      }
      // A multipart form with hostile fields: extra fields, SQL and markup, an oversized value.
      for (const fields of [
        { userId: BORDERS_NURSE.id, organisationId: BORDERS_ADMIN.id },
        { userId: "' OR 1=1 --" },
        { userId: "<script>alert(1)</script>" },
        { userId: "a".repeat(200_000) },
      ]) {
        const response = await page.request.post(path, {
          headers: { ...headers, origin },
          // React's encoding of (previousState, formData): "0" holds the arguments, "1_" the form's fields.
          multipart: {
            "0": JSON.stringify([null, "$K1"]),
            ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [`1_${k}`, v])),
          },
          maxRedirects: 0,
        });
        expect(response.status(), Object.keys(fields).join(",")).toBe(200);
        const text = await response.text();
        expect(text).toContain('"ok":false');
        expect(text).not.toContain('"ok":true');
      }
      // Nothing was done on the nurse's account by any of these.
      expect(await countSignOuts()).toBe(signOutsBefore);
    });

    test("a real action's endpoint sent an oversized body is refused with 413, and nothing is done", async ({
      page,
      baseURL,
    }) => {
      const response = await page.request.post(`/admin/staff/${BORDERS_NURSE.id}`, {
        headers: { "next-action": actionId, origin: baseURL as string, "content-type": "text/plain;charset=UTF-8" },
        data: JSON.stringify(["$K1", "x".repeat(2 * 1024 * 1024)]),
        maxRedirects: 0,
      });
      expect(response.status()).toBe(413);
      expect(await response.json()).toMatchObject({ title: "This request is too large." });
      expect(await countSignOuts()).toBe(signOutsBefore);
    });
  });

  test("a same-site POST that is not a real action, or is oversized, is refused without a server error", async ({
    request,
    baseURL,
  }) => {
    const origin = baseURL as string;
    const bogus = await request.post("/admin", {
      headers: {
        origin,
        "next-action": "0123456789abcdef0123456789abcdef01234567",
        "content-type": "text/plain;charset=UTF-8",
      },
      data: JSON.stringify([null, {}]),
      maxRedirects: 0,
    });
    expect(bogus.status()).toBeLessThan(500);
    const big = await request.post("/admin", {
      headers: {
        origin,
        "next-action": "0123456789abcdef0123456789abcdef01234567",
        "content-type": "text/plain;charset=UTF-8",
      },
      data: "x".repeat(3 * 1024 * 1024),
      maxRedirects: 0,
    });
    expect(big.status()).toBeLessThan(500);
  });
});
