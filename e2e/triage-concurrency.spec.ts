import { expect, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { TriagePage } from "./pages/triage-page";
import { keepScreenshot } from "./support/artefacts";
import { staff } from "./support/demo";
import { reportFever } from "./support/triage";

test("two clinicians acknowledge the same alert at once: exactly one succeeds, the other is told and sees who has it", async ({
  browser,
}, testInfo) => {
  const reason = await reportFever(browser, "39.2");
  const clinicians = [staff("oncologist1"), staff("nurse1")];
  const contexts = await Promise.all(clinicians.map(() => browser.newContext()));
  try {
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    // One after the other: both need a second-factor code.
    for (const [i, page] of pages.entries()) await new SignInPage(page).signIn(clinicians[i], /\/triage$/);
    const queues = pages.map((p) => new TriagePage(p));
    const rows = queues.map((q) => q.row(reason));
    for (const row of rows) {
      await expect(row).toHaveCount(1);
      await expect(row).toContainText("Open");
    }

    // Both press Acknowledge at the same moment.
    await Promise.all(rows.map((row) => row.getByRole("button", { name: /^Acknowledge/ }).click()));

    const messages = rows.map((row, i) => queues[i].rowMessage(row));
    for (const message of messages) await expect(message).toBeVisible({ timeout: 30_000 });
    const texts = await Promise.all(messages.map((m) => m.textContent()));
    const won = texts.map((t) => t === "Alert acknowledged: it is now assigned to you.");
    expect(won.filter(Boolean), texts.join(" | ")).toHaveLength(1);
    const winner = won.indexOf(true);
    const loser = 1 - winner;
    expect(await messages[loser].getAttribute("role")).toBe("alert");
    expect(texts[loser]).toContain("did not go through: this alert changed just before.");
    expect(texts[loser]).toContain(`${clinicians[winner].name} acknowledged it at`);

    // The loser's table shows the alert as it now is: acknowledged, and whose it is.
    await expect(rows[loser]).toContainText("Acknowledged");
    await expect(await queues[loser].cell(rows[loser], "Assigned to")).toHaveText(clinicians[winner].name);
    await expect(rows[loser].getByRole("button", { name: /^Acknowledge/ })).toHaveCount(0);
    await expect(await queues[winner].cell(rows[winner], "Assigned to")).toHaveText("You");

    await keepScreenshot(pages[winner], testInfo, `winner-${winner === 0 ? "oncologist" : "nurse"}`);
    await keepScreenshot(pages[loser], testInfo, `told-${loser === 0 ? "oncologist" : "nurse"}`);
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});
