import AxeBuilder from "@axe-core/playwright";
import { expect as baseExpect, type Page, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { staff } from "./support/demo";

/**
 * A clinician's notification preferences on /account: channels, the mobile number for text
 * messages and quiet hours saved with a
 * sentence that says what they now mean, bad input refused with a sentence, and no accessibility
 * violations. (Subscribing a browser needs a real push service; the worker's push is tested
 * against one of the tests' own in tests/notification-channels.test.ts, and text messages against
 * an SMS provider of the tests' own in tests/notification-sms.test.ts.)
 */
const expect = baseExpect.configure({ timeout: 30_000 });

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(
    results.violations.map((v) => `${v.id} (${v.nodes.length}) ${v.help}: ${v.nodes[0]?.target.join(" ")}`),
  ).toEqual([]);
}

test("a nurse chooses how she is told about alerts; bad input is refused with a sentence", async ({ page }) => {
  test.setTimeout(180_000);
  // Liam O'Neill: his choices are put back at the end, for the specs that count his emails.
  await new SignInPage(page).signIn(staff("nurse2"), /\/triage$/);
  await page.goto("/account");
  const section = page.getByRole("region", { name: "How you are told about alerts" });
  const email = section.getByRole("checkbox", { name: /^Email/ });
  const push = section.getByRole("checkbox", { name: /^Push/ });
  const text = section.getByRole("checkbox", { name: /^Text message/ });
  const mobile = section.getByLabel("Mobile number for text messages");
  const from = section.getByLabel("From");
  const until = section.getByLabel("Until");
  const save = section.getByRole("button", { name: "Save notification preferences" });

  // Until he chooses: email and push, no quiet hours, and no browser subscribed yet.
  await expect(email).toBeChecked();
  await expect(push).toBeChecked();
  await expect(text).not.toBeChecked();
  await expect(mobile).toHaveValue("");
  await expect(section.getByText(/This server sends no text messages yet/)).toBeVisible();
  await expect(from).toHaveValue("");
  await expect(section.getByText("No browser or phone is subscribed: alerts come by email only.")).toBeVisible();
  await expectNoAxeViolations(page);

  // Quiet hours that end when they start.
  await from.fill("22:00");
  await until.fill("22:00");
  await save.click();
  await expect(section.getByText("Your quiet hours must end at a different time from when they start.")).toBeVisible();
  await expect(until).toHaveAttribute("aria-invalid", "true");
  await expect(section.getByRole("alert")).toHaveText("Please correct the highlighted fields.");
  await expectNoAxeViolations(page);

  // A channel the server does not know (the page offers none: sent as a hostile page would).
  await until.fill("07:00");
  await push.evaluate((box) => {
    (box as HTMLInputElement).value = "fax";
  });
  await save.click();
  await expect(
    section.getByText("Choose email, push or text message: there is no other way to be told."),
  ).toBeVisible();
  await expect(push).toHaveAttribute("aria-invalid", "true");

  // No channel at all.
  await page.reload();
  await email.uncheck();
  await push.uncheck();
  await save.click();
  await expect(
    section.getByText("Choose at least one way to be told about alerts: email, push or text message."),
  ).toBeVisible();

  // Text messages need a mobile number, in international form.
  await text.check();
  await save.click();
  await expect(section.getByText("Give the mobile number text messages should go to.")).toBeVisible();
  await expect(mobile).toHaveAttribute("aria-invalid", "true");
  await mobile.fill("07700 900123");
  await save.click();
  await expect(
    section.getByText("Give your mobile number in international form, such as +44 7700 900123."),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  // Text messages to +44 7700 900123: saved as the number, and said in a sentence.
  await mobile.fill("+44 7700 900123");
  await save.click();
  await expect(section.getByRole("status")).toHaveText(
    "Saved. You will be told about alerts by text message, at any hour.",
  );
  await page.reload();
  await expect(text).toBeChecked();
  await expect(mobile).toHaveValue("+447700900123");
  await text.uncheck();

  // Push only, quiet from 22:00 to 07:00: saved, and said in a sentence.
  await push.check();
  await from.fill("22:00");
  await until.fill("07:00");
  await save.click();
  await expect(section.getByRole("status")).toHaveText(
    "Saved. You will be told about alerts by push, except from 22:00 to 07:00, when they wait unless you are on call for a red alert.",
  );
  await expectNoAxeViolations(page);
  await page.reload();
  await expect(email).not.toBeChecked();
  await expect(push).toBeChecked();
  await expect(from).toHaveValue("22:00");
  await expect(until).toHaveValue("07:00");

  // Back to the defaults, from the keyboard.
  await email.focus();
  await page.keyboard.press("Space");
  await expect(email).toBeChecked();
  await from.fill("");
  await until.fill("");
  await mobile.fill("");
  await save.focus();
  await page.keyboard.press("Enter");
  await expect(section.getByRole("status")).toHaveText(
    "Saved. You will be told about alerts by email and push, at any hour.",
  );
  await page.reload();
  await expect(mobile).toHaveValue("");
});
