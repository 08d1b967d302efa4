import { useTranslations } from "next-intl";
import type { AlertSeverity, AlertStatus } from "@/lib/alerts/transitions";
import { useAlertWords } from "./use-alert-words";

const SEVERITY_STYLE: Record<AlertSeverity, string> = {
  red: "border-red-800 bg-red-700 text-white",
  amber: "border-amber-700 bg-amber-200 text-amber-950",
};

/** Red or amber, in words as well as colour. */
export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  const words = useAlertWords();
  return (
    <span className={`inline-block rounded border px-2 py-0.5 text-sm font-semibold ${SEVERITY_STYLE[severity]}`}>
      {words.severity(severity)}
    </span>
  );
}

const STATUS_STYLE: Record<AlertStatus, string> = {
  open: "border-blue-800 bg-blue-50 text-blue-900",
  acknowledged: "border-slate-600 bg-slate-100 text-slate-900",
  resolved: "border-green-800 bg-green-50 text-green-900",
};

export function AlertStatusBadge({ status }: { status: AlertStatus }) {
  const words = useAlertWords();
  return (
    <span className={`inline-block rounded border px-2 py-0.5 text-sm ${STATUS_STYLE[status]}`}>
      {words.status(status)}
    </span>
  );
}

/** Shown where the patient has not shared their name and details with this clinician. */
export function NameWithheld({ className = "italic text-slate-700" }: { className?: string }) {
  const t = useTranslations("triageQueue");
  return <span className={className}>{t("nameWithheld")}</span>;
}
