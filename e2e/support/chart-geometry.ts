/**
 * Where a Recharts chart drew things, for the checks a reviewer would make by eye: is the newest
 * point clear of the plot's right edge, is its label clear of a threshold's label. The charts are
 * hidden from assistive technology (their tables carry the figures), so the drawing is found by
 * Recharts' own class names rather than by role.
 */
import { expect, type Locator } from "@playwright/test";

type Box = { x: number; y: number; width: number; height: number };

async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`${locator} has no size`);
  return found;
}

/** The plot area (the grid's extent) and the right end of the chart's line, its newest point. */
export async function plotAndLineEnd(chart: Locator): Promise<{ plot: Box; lineEndX: number }> {
  const plot = await box(chart.locator(".recharts-cartesian-grid").first());
  const line = await box(chart.locator(".recharts-line-curve").first());
  return { plot, lineEndX: line.x + line.width };
}

/** The newest point lies inside the plot with at least `room` pixels to the plot's right edge. */
export async function expectRoomAfterNewestPoint(chart: Locator, room: number) {
  const { plot, lineEndX } = await plotAndLineEnd(chart);
  const where = `line ends at x=${lineEndX}, plot ${JSON.stringify(plot)}`;
  expect(lineEndX, where).toBeGreaterThan(plot.x);
  expect(plot.x + plot.width - lineEndX, where).toBeGreaterThanOrEqual(room);
}

/** Two drawn things do not overlap, and `inside` lies wholly within `chart`. */
export async function expectApartAndInside(chart: Locator, a: Locator, b: Locator) {
  const [first, second, whole] = [await box(a), await box(b), await box(chart)];
  const where = `${JSON.stringify(first)} and ${JSON.stringify(second)}`;
  const apart =
    first.x + first.width <= second.x ||
    second.x + second.width <= first.x ||
    first.y + first.height <= second.y ||
    second.y + second.height <= first.y;
  expect(apart, `overlap: ${where}`).toBe(true);
  expect(first.x, where).toBeGreaterThanOrEqual(whole.x);
  expect(first.x + first.width, where).toBeLessThanOrEqual(whole.x + whole.width);
}
