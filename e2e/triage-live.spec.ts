import { expect, test } from "@playwright/test";
import { keepScreenshot } from "./support/artefacts";
import { breastPatientAccount, staff } from "./support/demo";
import { openQueue, reportFever } from "./support/triage";

// Two new alerts, so two patients with none active: a second report of one patient would join the first's alert.
const FIRST = breastPatientAccount(22);
const SECOND = breastPatientAccount(24);

/** The queue polls every 15 seconds; allow two polls and a busy machine. */
const POLL_WAIT = 50_000;

test("the queue shows a new alert without a reload, and never moves rows under the clinician's pointer", async ({
  page,
  browser,
}, testInfo) => {
  const queue = await openQueue(page, staff("oncologist1"));
  await expect(queue.summary).toBeVisible();
  // A mark on this document: a reload would lose it.
  await page.evaluate(() => {
    (window as unknown as { triageMark: string }).triageMark = "still the same page";
  });
  await page.mouse.move(2, 2);

  // 1. A new report while the clinician is not in the table: the alert joins the top, marked New.
  const first = await reportFever(browser, "39.3", FIRST);
  const arrived = queue.row(first);
  await expect(arrived).toHaveCount(1, { timeout: POLL_WAIT });
  await expect(arrived).toContainText("New");
  await expect(arrived).toContainText("Red");
  await expect(queue.announcer).toContainText("new alert");
  await expect(queue.news).toContainText("added at the top, marked New");
  expect(await page.evaluate(() => (window as unknown as { triageMark?: string }).triageMark)).toBe(
    "still the same page",
  );
  await keepScreenshot(page, testInfo, "1-new-alert-added");

  // 2. While the pointer rests on a row, a new alert waits: nothing moves until the pointer leaves.
  const held = queue.rows.first();
  const before = await held.getAttribute("data-alert-id");
  const box = await held.boundingBox();
  if (!box) throw new Error("no first row to point at");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const second = await reportFever(browser, "39.4", SECOND);
  await expect(queue.news).toContainText(/new alerts? arrived/, { timeout: POLL_WAIT });
  await expect(queue.row(second)).toHaveCount(0);
  expect(await queue.rows.first().getAttribute("data-alert-id")).toBe(before);
  await keepScreenshot(page, testInfo, "2-new-alert-waiting-under-pointer");
  await page.mouse.move(2, 2);
  await expect(queue.row(second)).toHaveCount(1);
  await expect(queue.row(second)).toContainText("New");
  expect(await page.evaluate(() => (window as unknown as { triageMark?: string }).triageMark)).toBe(
    "still the same page",
  );
  await keepScreenshot(page, testInfo, "3-new-alert-added-after-pointer-left");

  // 3. "Sort into place" reads the queue again in order; the new alerts are ordinary rows then.
  await page.getByRole("button", { name: "Sort into place" }).click();
  await expect(queue.row(second)).not.toContainText("New");
});
