/**
 * The app in the patient's language: the sign-in page's language links, the symptom report and its
 * advice in each of the four languages, the language saved in Account following the person to
 * another browser, the triage queue in two languages, the organisation settings page in Dutch and
 * the organisation's default language it sets, the admin's activity page in Catalan and a form's
 * refusal in Dutch, each page with its `lang` right and no axe violation.
 */
import { type Browser, expect, type Page, test } from "@playwright/test";
import { INSTRUMENT_WORDING } from "../lib/grading/wording";
import { CATALOGUES } from "../lib/i18n/catalogues";
import { LOCALE_ENGLISH_NAMES, LOCALE_NAMES, LOCALES, type Locale, localeTag } from "../lib/i18n/locales";
import { SecondFactorPage, SignInPage } from "./pages/sign-in-page";
import { axeViolations } from "./support/artefacts";
import { closeDatabase, createStaff, sql } from "./support/auth-db";
import { DEMO_HOSPITAL_LINE, demoPatientId, PATIENT_ACCOUNT, staff } from "./support/demo";
import { allowing } from "./support/server";

test.afterAll(closeDatabase);

/** A message as a pattern its text matches, whatever values fill its arguments. */
const asPattern = (message: string) =>
  new RegExp(message.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, ".+"));

const expectLang = (page: Page, locale: Locale) =>
  expect(page.locator("html")).toHaveAttribute("lang", localeTag(locale));

/** The sign-in page in `locale`, chosen with its language link, then the patient signed in. */
async function signInIn(page: Page, locale: Locale) {
  const m = CATALOGUES[locale].signIn;
  await page.goto("/sign-in");
  const links = page.getByRole("navigation", { name: CATALOGUES.en.language.label });
  // The links are each in their own language, whatever the page's language.
  await links.getByRole("link", { name: LOCALE_NAMES[locale] }).click();
  await expect(page.getByRole("heading", { level: 1, name: m.heading })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expectLang(page, locale);
  await expect(
    page.getByRole("navigation", { name: CATALOGUES[locale].language.label }).getByRole("link", {
      name: LOCALE_NAMES[locale],
    }),
  ).toHaveAttribute("aria-current", "true");
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel(m.email).fill(PATIENT_ACCOUNT.email);
  await page.getByLabel(m.password).fill(PATIENT_ACCOUNT.password);
  await page.getByRole("button", { name: m.submit }).click();
  await expect(page).toHaveURL(/\/me$/, { timeout: allowing(20_000) });
}

for (const locale of LOCALES) {
  test(`a patient reports in ${LOCALE_ENGLISH_NAMES[locale]}: the questions, the red advice and the page's language`, async ({
    browser,
  }) => {
    // A browser of its own: the language chosen is kept in this browser's cookie.
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signInIn(page, locale);
      const m = CATALOGUES[locale];
      const wording = INSTRUMENT_WORDING[locale];
      await page.getByRole("navigation", { name: m.shell.mainNav }).getByRole("link", { name: m.shell.report }).click();
      await expect(page.getByRole("heading", { level: 1, name: m.report.heading })).toBeVisible();
      await expect(page.getByRole("button", { name: m.report.submit })).toBeVisible();
      await expectLang(page, locale);
      expect(await axeViolations(page)).toEqual([]);

      // The server refuses a temperature out of range; the patient reads why in their language,
      // with the numbers written as they write them.
      const temperature = page.getByLabel(m.report.temperatureLabel);
      await temperature.fill("45");
      await page.getByRole("button", { name: m.report.submit }).click();
      const decimal = (n: number) => n.toLocaleString(localeTag(locale), { minimumFractionDigits: 1 });
      const refusal = m.report.temperatureRange.replace("{min}", decimal(34)).replace("{max}", decimal(43));
      await expect(page.getByRole("main").getByRole("alert")).toContainText(m.report.notSaved, {
        timeout: allowing(15_000),
      });
      await expect(page.getByRole("main").getByRole("alert")).toContainText(refusal);
      await expect(temperature).toHaveAccessibleDescription(new RegExp(refusal));
      expect(await axeViolations(page)).toEqual([]);

      // A fever typed as the patient writes decimals, and nausea grade 3 in this language's wording.
      await temperature.fill(locale === "en" ? "38.6" : "38,6");
      const nausea = page.getByRole("group", { name: wording.items.nausea.label, exact: true });
      const [often, severity] = [wording.items.nausea.questions.frequency, wording.items.nausea.questions.severity];
      await nausea
        .getByRole("group", { name: often })
        .getByRole("radio", { name: wording.answerScales.frequency[3], exact: true })
        .check();
      await nausea
        .getByRole("group", { name: severity })
        .getByRole("radio", { name: wording.answerScales.severity[3], exact: true })
        .check();
      await page
        .getByRole("group", { name: m.report.canWaitLegend })
        .getByRole("radio", { name: m.report.no, exact: true })
        .check();
      await page.getByRole("button", { name: m.report.submit }).click();

      const advice = page.getByRole("alert").filter({ hasText: m.report.sent });
      await expect(advice).toBeVisible({ timeout: allowing(30_000) });
      await expect(advice.getByRole("heading", { name: m.advice.redHeadline })).toBeVisible();
      await expect(advice).toContainText(m.advice.redCall.replace("{line}", DEMO_HOSPITAL_LINE));
      await expectLang(page, locale);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
    if (locale === "es") await expectClinicianToldOfWording(browser);
  });
}

/**
 * The patient's care team reads the report in English, and is told it was answered in a wording
 * that is not the validated instrument.
 */
async function expectClinicianToldOfWording(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await new SignInPage(page).signIn(staff("nurse1"), /\/triage$/);
    await page.goto(`/patients/${demoPatientId(0)}`);
    const report = page
      .getByRole("region", { name: "Reports" })
      .getByRole("listitem")
      .filter({ hasText: "answered in Spanish" })
      .first();
    await report.locator("summary").click();
    await expect(report.getByText("Answered in Spanish: not the validated wording")).toBeVisible();
    await expectLang(page, "en");
  } finally {
    await context.close();
  }
}

/** A new nurse of the sign-in tests' organisation, signed in (password and second factor) in a fresh browser. */
async function signInNurse(browser: Browser, account: { email: string; password: string; totpSecret: string | null }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.submitCredentials(account.email, account.password);
  await new SecondFactorPage(page).pass(account.totpSecret as string);
  await expect(page).toHaveURL(/\/(patients|triage)$/);
  return { context, page };
}

test("a nurse enrolling a patient in Dutch is told what is wrong with a field in Dutch", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await new SignInPage(page).signIn(staff("nurse1"), /\/triage$/);
    await page.goto("/patients/new?lang=nl");
    await expect(page).toHaveURL(/\/patients\/new$/);
    await expectLang(page, "nl");
    const m = CATALOGUES.nl;
    await expect(page.getByRole("heading", { level: 1, name: m.enrolPatient.pageTitle })).toBeVisible();
    const hospitalNumber = page.getByLabel(m.enrolPatient.hospitalNumber);
    await hospitalNumber.fill("x");
    await page.getByRole("button", { name: m.enrolPatient.submit }).click();
    // The server refuses the form; the sentence under the field is the catalogue's Dutch.
    await expect(page.getByRole("main").getByRole("alert")).toContainText(m.enrolPatient.correct, {
      timeout: allowing(15_000),
    });
    await expect(hospitalNumber).toHaveAccessibleDescription(asPattern(m.errorMessages.fields.hospitalNumberFormat));
    await expect(page.getByText(CATALOGUES.en.errorMessages.fields.hospitalNumberFormat)).toHaveCount(0);
    expect(await axeViolations(page)).toEqual([]);
  } finally {
    await context.close();
  }
});

test("the language chosen in Account is the person's own: it follows them to another browser", async ({ browser }) => {
  const account = await createStaff("language", { password: "Lingua franca of the ward 7", mfa: true });
  const first = await signInNurse(browser, account);
  try {
    await first.page.goto("/account");
    await expectLang(first.page, "en");
    const section = first.page.getByRole("region", { name: "Language" });
    await section.getByRole("combobox", { name: "Language" }).selectOption("es");
    await section.getByRole("button", { name: "Save language" }).click();
    await expect(
      first.page.getByRole("status").filter({ hasText: "La aplicación está ahora en Español" }),
    ).toBeVisible();
    await expectLang(first.page, "es");
    expect(await axeViolations(first.page)).toEqual([]);
  } finally {
    await first.context.close();
  }

  // Another browser, no cookie, an English browser: the account's choice wins.
  const second = await signInNurse(browser, account);
  try {
    await second.page.goto("/triage");
    await expectLang(second.page, "es");
    await expect(second.page.getByRole("heading", { level: 1, name: CATALOGUES.es.triage.title })).toBeVisible();
  } finally {
    await second.context.close();
  }
});

for (const locale of ["en", "nl"] as const) {
  test(`the triage queue in ${LOCALE_ENGLISH_NAMES[locale]}: its heading, navigation and title, and no axe violation`, async ({
    browser,
  }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await new SignInPage(page).signIn(staff("nurse1"), /\/triage$/);
      await page.goto(`/triage?lang=${locale}`);
      await expect(page).toHaveURL(/\/triage$/);
      await expectLang(page, locale);
      const m = CATALOGUES[locale];
      await expect(page.getByRole("heading", { level: 1, name: m.triage.title })).toBeVisible();
      await expect(page.getByText(m.triage.lead)).toBeVisible();
      await expect(page.getByRole("navigation", { name: m.shell.mainNav })).toBeVisible();
      await expect(page).toHaveTitle(new RegExp(m.triage.title));
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
}

for (const locale of ["es", "nl"] as const) {
  test(`a patient's own pages in ${LOCALE_ENGLISH_NAMES[locale]}: record, reports, sharing, reminders, devices and access log`, async ({
    browser,
  }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signInIn(page, locale);
      const m = CATALOGUES[locale];
      const pages = [
        { path: "/me", heading: m.me.heading, title: m.me.pageTitle, also: m.me.reportToday },
        { path: "/me/reports", heading: m.myReports.heading, title: m.myReports.pageTitle, also: m.myReports.trends },
        { path: "/me/sharing", heading: m.sharing.heading, title: m.sharing.pageTitle, also: m.sharing.addRule },
        { path: "/me/reminders", heading: m.reminders.heading, title: m.reminders.pageTitle, also: m.reminders.lead },
        { path: "/me/devices", heading: m.devices.heading, title: m.devices.pageTitle, also: m.devices.lead },
        { path: "/me/access", heading: m.accessLog.heading, title: m.accessLog.pageTitle, also: null },
      ];
      for (const { path, heading, title, also } of pages) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
        await expect(page).toHaveTitle(new RegExp(title));
        if (also) await expect(page.getByText(also, { exact: true }).first()).toBeVisible();
        await expectLang(page, locale);
        expect(await axeViolations(page), path).toEqual([]);
      }
      // The access log's columns, when anyone has looked; else the sentence saying nobody has.
      const log = page.getByRole("table");
      if ((await log.count()) > 0) {
        await expect(log.getByRole("columnheader", { name: m.accessLog.when })).toBeVisible();
      } else {
        await expect(page.getByText(m.accessLog.nobodyYet)).toBeVisible();
      }
    } finally {
      await context.close();
    }
  });
}

test("the triage queue in Dutch: its column headers, a row's menu and the note dialog", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await new SignInPage(page).signIn(staff("nurse1"), /\/triage$/);
    await page.goto("/triage?lang=nl");
    await expect(page).toHaveURL(/\/triage$/);
    await expectLang(page, "nl");
    const { triage, alertActions } = CATALOGUES.nl;
    const table = page.getByRole("table");
    for (const header of [triage.colSeverity, triage.colPatient, triage.colTimeLeft, triage.colStatus]) {
      // A sortable header's name goes on with the sort it offers: "Patiënt , sort …", not "Patiënt zegt".
      await expect(table.getByRole("columnheader", { name: new RegExp(`^${header}\\s*(,|$)`) })).toBeVisible();
    }
    // The demo queue has red alerts waiting: the tab counts them in Dutch.
    await expect(page).toHaveTitle(/^\(\d+ rood\) /);

    const row = table
      .getByRole("row")
      .filter({ has: page.getByRole("cell") })
      .first();
    const more = row.getByRole("button", { name: new RegExp(`^${alertActions.more} `) });
    await more.click();
    await page
      .getByRole("menu")
      .getByRole("menuitem", { name: new RegExp(`^${alertActions.noteMenu}`) })
      .click();
    const dialog = page.getByRole("dialog", { name: /^Notitie toevoegen aan de waarschuwing voor / });
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAccessibleDescription(alertActions.noteDescription);
    await expect(dialog.getByRole("textbox", { name: alertActions.noteLabel })).toBeVisible();
    await expect(dialog.getByRole("button", { name: alertActions.noteSubmit })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: alertActions.cancel }).click();
    await expect(dialog).toBeHidden();
    await expect(more).toBeFocused();
  } finally {
    await context.close();
  }
});

for (const locale of ["es", "nl"] as const) {
  test(`the triage queue in ${LOCALE_ENGLISH_NAMES[locale]}: its filters, a filtered row's cells and an empty page`, async ({
    browser,
  }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await new SignInPage(page).signIn(staff("nurse1"), /\/triage$/);
      await page.goto(`/triage?lang=${locale}`);
      await expect(page).toHaveURL(/\/triage$/);
      await expectLang(page, locale);
      const q = CATALOGUES[locale].triageQueue;

      // The toolbar: a form with its filters named in this language; red only, applied.
      const filters = page.getByRole("form", { name: q.filterLabel });
      await expect(filters.getByRole("combobox", { name: q.status })).toHaveValue("active");
      await expect(filters.getByRole("checkbox", { name: q.mine })).toBeVisible();
      await filters.getByRole("combobox", { name: q.severity }).selectOption({ label: q.severityRed });
      await filters.getByRole("button", { name: q.apply }).click();
      await expect(page).toHaveURL(/severity=red/);
      await expect(filters.getByRole("link", { name: q.clearFilters })).toBeVisible();

      // Each row of the filtered queue is red, open or acknowledged, its clock in this language.
      const table = page.getByRole("table");
      const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
      await expect(rows.first()).toBeVisible();
      const row = rows.first();
      await expect(row.getByRole("cell").first()).toHaveText(q.red);
      await expect(row).toContainText(new RegExp(`${q.open}|${q.acknowledged}`));
      const timeLeft = [q.overdueBy, q.timeLeft, q.responded].map((m) => asPattern(m).source).join("|");
      await expect(row).toContainText(new RegExp(timeLeft));
      await expect(page.getByTestId("queue-summary")).toHaveText(asPattern(q.showing));
      expect(await axeViolations(page)).toEqual([]);

      // A page past the last: the empty state says so and offers the way back.
      await page.goto("/triage?page=999");
      await expect(page.getByText(q.noSuchPage.replace("{page}", "999"))).toBeVisible();
      await expect(page.getByRole("link", { name: new RegExp(q.goToLastPage.split(" (")[0]) })).toBeVisible();
      await expectLang(page, locale);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
}

test("a patient's record in Spanish: its header, sections, toxicity grid and the wording it is not validated in", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await new SignInPage(page).signIn(staff("nurse1"), /\/triage$/);
    await page.goto("/triage?lang=es");
    await expect(page).toHaveURL(/\/triage$/);
    await page.goto(`/patients/${demoPatientId(0)}`);
    await expectLang(page, "es");
    const { record } = CATALOGUES.es;
    await expect(page).toHaveTitle(new RegExp(record.pageTitle));
    await expect(page.getByText(record.hospitalNumber, { exact: true })).toBeVisible();
    await expect(page.getByText(record.consent, { exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: record.printSummary })).toBeVisible();
    const sections = page.getByRole("navigation", { name: record.onThisPage });
    for (const section of [record.secTimeline, record.secToxicity, record.secAlerts, record.secReports]) {
      await expect(sections.getByRole("link", { name: section })).toBeVisible();
    }
    // The grid names its symptoms in the Spanish wording, and says it is not the validated one.
    const grid = page.getByRole("region", { name: record.gridRegion });
    await expect(grid.getByRole("columnheader", { name: record.symptom })).toBeVisible();
    await expect(grid.locator("caption")).toHaveText(record.gridCaption);
    await expect(page.getByText(record.wordingNote).first()).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  } finally {
    await context.close();
  }
});

/** A new account of the sign-in tests' organisation, signed in (password and second factor) in a browser of `locale`. */
async function signInStaff(
  browser: Browser,
  account: { email: string; password: string; totpSecret: string | null },
  landing: RegExp,
  locale = "en-GB",
) {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.submitCredentials(account.email, account.password);
  await new SecondFactorPage(page).pass(account.totpSecret as string);
  await expect(page).toHaveURL(landing);
  return { context, page };
}

test("an admin sets the organisation's default language on the settings page in Dutch; a colleague with no choice and a French browser then reads the app in it", async ({
  browser,
}) => {
  const admin = await createStaff("default-language-admin", { password: "Polyglot of the admin office 4", mfa: true });
  await sql()`insert into staff_memberships (user_id, organisation_id, role)
    select id, organisation_id, 'admin' from users where id = ${admin.id}`;
  const nurse = await createStaff("default-language-nurse", { password: "Nobody asked me which tongue 9", mfa: true });
  const [{ organisation_id: organisationId }] = await sql()`select organisation_id from users where id = ${admin.id}`;
  try {
    const first = await signInStaff(browser, admin, /\/(admin|patients|triage)$/);
    try {
      const { page } = first;
      const m = CATALOGUES.nl.settingsAdmin;
      await page.goto("/admin/settings?lang=nl");
      await expect(page).toHaveURL(/\/admin\/settings$/);
      await expectLang(page, "nl");
      await expect(page.getByRole("heading", { level: 1, name: m.pageTitle })).toBeVisible();
      await expect(page).toHaveTitle(new RegExp(m.pageTitle));
      const sections = page.getByRole("navigation", { name: CATALOGUES.nl.admin.nav });
      await expect(sections.getByRole("link", { name: CATALOGUES.nl.admin.settings })).toHaveAttribute(
        "aria-current",
        "page",
      );
      expect(await axeViolations(page)).toEqual([]);

      const form = page.getByRole("form", { name: m.languageHeading });
      await form.getByRole("combobox", { name: m.languageLabel }).selectOption("nl");
      await form.getByRole("button", { name: m.languageSave }).click();
      await expect(form.getByRole("status")).toHaveText(m.languageSaved.replace("{language}", LOCALE_NAMES.nl));
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await first.context.close();
    }

    // No language of her own, no cookie, a browser asking for French only: the organisation's Dutch.
    const second = await signInStaff(browser, nurse, /\/(patients|triage)$/, "fr-FR");
    try {
      await second.page.goto("/triage");
      await expectLang(second.page, "nl");
      await expect(second.page.getByRole("heading", { level: 1, name: CATALOGUES.nl.triage.title })).toBeVisible();
      expect(await axeViolations(second.page)).toEqual([]);
    } finally {
      await second.context.close();
    }
  } finally {
    await sql()`update organisations set default_locale = null where id = ${organisationId}`;
  }
});

test("the admin's activity page in Catalan: its heading, filters and table of events", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await new SignInPage(page).signIn(staff("admin1"), /\/admin$/);
    await page.goto("/admin/activity?lang=ca");
    await expect(page).toHaveURL(/\/admin\/activity$/);
    await expectLang(page, "ca");
    const m = CATALOGUES.ca.activityAdmin;
    await expect(page.getByRole("heading", { level: 1, name: m.pageTitle })).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(m.pageTitle));
    const filters = page.getByRole("search", { name: m.filter });
    await expect(filters.getByRole("combobox", { name: m.kind })).toBeVisible();
    await expect(filters.getByRole("button", { name: m.apply })).toBeVisible();
    // admin1 has just signed in, so the trail has at least that event, in Catalan.
    const table = page.getByRole("table", { name: m.caption });
    await expect(table.getByRole("columnheader", { name: m.event })).toBeVisible();
    await expect(table.getByText(CATALOGUES.ca.auditWords.actions.signed_in).first()).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  } finally {
    await context.close();
  }
});
