/**
 * What a spec keeps or checks besides its assertions: full-page screenshots attached to the test's
 * results, and the page's serious accessibility violations (axe-core).
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page, TestInfo } from "@playwright/test";

/**
 * A full-page screenshot kept with the test's results (test-results/<test>/<name>.png). The page is
 * brought to the front first: a page left behind another of the browser's windows (a patient's,
 * opened to report) may not paint, and the screenshot waits for a frame.
 */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.bringToFront();
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/**
 * Gives the window's focus back to `page`. AxeBuilder.analyze() finishes its run in a blank page of
 * the same browser context, opened and closed for it; the page under test may be left without the
 * window's focus (document.hasFocus() false), and Playwright's toBeFocused() then fails for an
 * element that is the page's active element.
 */
async function refocus(page: Page) {
  await page.bringToFront();
}

/**
 * Every axe violation on the page as it is now, of any impact, on the WCAG 2 A and AA and WCAG 2.2
 * AA rules, as readable lines: the pages this suite adds checks for hold to zero.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  await refocus(page);
  return results.violations.map(
    (v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
}

/**
 * Serious and critical axe violations on the page as it is now (WCAG 2.1 A and AA), as readable
 * lines, so a failing `toEqual([])` says what is wrong and where.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  await refocus(page);
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
