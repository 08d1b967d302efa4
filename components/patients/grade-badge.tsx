import { gradeClass } from "./format";

/** A composite grade as a coloured badge that always says its number: colour is never the only signal. */
export function GradeBadge({ grade, label }: { grade: number | null; label?: string }) {
  return (
    <span className={`inline-block rounded px-1.5 py-0.5 text-sm font-medium ${gradeClass(grade)}`}>
      {label ? `${label} ` : ""}
      {grade === null ? "not graded" : `grade ${grade}`}
    </span>
  );
}
