/**
 * The triage queue's title with the number of red alerts waiting for acknowledgement in front,
 * "(3 red) Triage queue", so a clinician sees it on the browser's tab while working in another.
 * Pure: the server's first render and the browser's updates after each poll write it alike.
 */

export const QUEUE_TITLE = "Triage queue";

/** A count in front, in any of the app's languages: "(3 red) ", "(3 rojas) ", "(3 rood) ". */
const RED_COUNT = /^\(\d+ [^)]+\) /;

/**
 * `title` with its red count put right: "(n red) " in front when there are any, nothing otherwise;
 * `count` words the number in the reader's language ("3 rojas").
 */
export function withRedCount(title: string, redOpen: number, count = (n: number) => `${n} red`): string {
  const bare = title.replace(RED_COUNT, "");
  return redOpen > 0 ? `(${count(redOpen)}) ${bare}` : bare;
}
