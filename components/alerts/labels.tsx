import { outcomeLabel } from "@/lib/alerts/outcomes";
import type { AlertSeverity, AlertStatus } from "@/lib/alerts/transitions";

const SEVERITY_STYLE: Record<AlertSeverity, string> = {
  red: "border-red-800 bg-red-700 text-white",
  amber: "border-amber-700 bg-amber-200 text-amber-950",
};

/** Red or amber, in words as well as colour. */
export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  return (
    <span className={`inline-block rounded border px-2 py-0.5 text-sm font-semibold ${SEVERITY_STYLE[severity]}`}>
      {severity === "red" ? "Red" : "Amber"}
    </span>
  );
}

export const STATUS_LABEL: Record<AlertStatus, string> = {
  open: "Open",
  acknowledged: "Acknowledged",
  resolved: "Resolved",
};

const STATUS_STYLE: Record<AlertStatus, string> = {
  open: "border-blue-800 bg-blue-50 text-blue-900",
  acknowledged: "border-slate-600 bg-slate-100 text-slate-900",
  resolved: "border-green-800 bg-green-50 text-green-900",
};

export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  return (
    <span className={`inline-block rounded border px-2 py-0.5 text-sm ${STATUS_STYLE[status]}`}>
      {STATUS_LABEL[status]}
    </span>
  );
}

/** The outcome codes of a resolved alert, as their labels. */
export function OutcomeList({ codes }: { codes: readonly string[] }) {
  if (codes.length === 0) return null;
  return (
    <ul className="mt-1 list-inside list-disc text-sm text-slate-800" aria-label="Outcomes">
      {codes.map((code) => (
        <li key={code}>{outcomeLabel(code)}</li>
      ))}
    </ul>
  );
}

/** Shown where the patient has not shared their name and details with this clinician. */
export const NAME_WITHHELD = "Name withheld by the patient";
