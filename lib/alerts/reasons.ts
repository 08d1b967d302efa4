/**
 * An alert's reasons as a clinician scans them. Triage words each finding on its own
 * (lib/triage/rules.ts): a symptom that is both severe and worse than last time gives two reasons,
 * "Nausea grade 3" and "Nausea rose from grade 1 to 3". Read one under the other they look like two
 * problems; here they become one phrase of the symptom, "Nausea grade 3, rose from 1". Pure: the
 * queue, the overdue list and the record all show reasons through it. The stored reasons (and what
 * the patient's advice quotes) are unchanged.
 */

const GRADE = /^(.+) grade (\d)$/;
const RISE = /^(.+) rose from grade (\d) to (\d)$/;

/**
 * The reasons with each symptom's grade and rise merged into one phrase, in the order the grades
 * came. A rise with no grade reason of its own (a rise that stays below amber by grade) and every
 * other reason are kept as they are.
 */
export function mergeReasons(reasons: readonly string[]): string[] {
  const rises = new Map<string, { from: string; to: string }>();
  for (const reason of reasons) {
    const rise = RISE.exec(reason);
    if (rise) rises.set(rise[1], { from: rise[2], to: rise[3] });
  }
  const merged = new Set<string>();
  const out: string[] = [];
  for (const reason of reasons) {
    const grade = GRADE.exec(reason);
    const rise = grade ? rises.get(grade[1]) : undefined;
    if (grade && rise && rise.to === grade[2] && !merged.has(grade[1])) {
      merged.add(grade[1]);
      out.push(`${reason}, rose from ${rise.from}`);
    } else {
      out.push(reason);
    }
  }
  // The rises now said by their symptom's phrase, wherever they were listed.
  return out.filter((reason) => {
    const rise = RISE.exec(reason);
    return !(rise && merged.has(rise[1]));
  });
}

/** The merged reasons on one line. */
export const mergedReasonsText = (reasons: readonly string[]) => mergeReasons(reasons).join("; ");
