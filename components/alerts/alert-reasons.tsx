import { mergeReasons } from "@/lib/alerts/reasons";
import { REASONS_WITHHELD } from "@/lib/alerts/view";

/**
 * An alert's reasons as a list, each symptom once ("Nausea grade 3, rose from 1",
 * lib/alerts/reasons.ts), or, when the patient withholds their symptoms from the viewer (the
 * database then gives no reasons, db/sql/alert-reasons.sql), a sentence that says so: the alert
 * itself, its level and its clock stay in view.
 */
export function AlertReasons({ reasons, className = "" }: { reasons: string[] | null; className?: string }) {
  if (reasons === null) return <p className={`italic text-slate-700 ${className}`}>{REASONS_WITHHELD}</p>;
  return (
    <ul className={`list-disc ${className}`}>
      {mergeReasons(reasons).map((reason) => (
        <li key={reason}>{reason}</li>
      ))}
    </ul>
  );
}

/** The reasons on one line, joined, each symptom once; the withheld sentence in their place. */
export const reasonsText = (reasons: string[] | null) =>
  reasons === null ? REASONS_WITHHELD : mergeReasons(reasons).join("; ");
