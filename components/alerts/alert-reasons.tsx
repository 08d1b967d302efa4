import { useTranslations } from "next-intl";
import { mergeReasons } from "@/lib/alerts/reasons";

/**
 * An alert's reasons as a list, each symptom once ("Nausea grade 3, rose from 1",
 * lib/alerts/reasons.ts), or, when the patient withholds their symptoms from the viewer (the
 * database then gives no reasons, db/sql/alert-reasons.sql), a sentence that says so: the alert
 * itself, its level and its clock stay in view. The reasons are written when the alert is raised
 * and are shown as recorded.
 */
export function AlertReasons({ reasons, className = "" }: { reasons: string[] | null; className?: string }) {
  const t = useTranslations("triageQueue");
  if (reasons === null) return <p className={`italic text-slate-700 ${className}`}>{t("reasonsWithheld")}</p>;
  return (
    <ul className={`list-disc ${className}`}>
      {mergeReasons(reasons).map((reason) => (
        <li key={reason}>{reason}</li>
      ))}
    </ul>
  );
}

/** The reasons on one line, joined, each symptom once; `withheld` in their place. */
export const reasonsText = (reasons: string[] | null, withheld: string) =>
  reasons === null ? withheld : mergeReasons(reasons).join("; ");
