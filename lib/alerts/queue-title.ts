/**
 * The triage queue's title with the number of red alerts waiting for acknowledgement in front,
 * "(3 red) Triage queue", so a clinician sees it on the browser's tab while working in another.
 * Pure: the server's first render and the browser's updates after each poll write it alike.
 */

export const QUEUE_TITLE = "Triage queue";

const RED_COUNT = /^\(\d+ red\) /;

/** `title` with its red count put right: "(n red) " in front when there are any, nothing otherwise. */
export function withRedCount(title: string, redOpen: number): string {
  const bare = title.replace(RED_COUNT, "");
  return redOpen > 0 ? `(${redOpen} red) ${bare}` : bare;
}
