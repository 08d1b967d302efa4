import { useTranslations } from "next-intl";
import type { PatientAlertView } from "@/lib/alerts/patient-view";

const TONES = {
  open: "border-blue-700 bg-blue-50 text-blue-950",
  acknowledged: "border-green-700 bg-green-50 text-green-950",
  resolved: "border-slate-500 bg-white text-slate-900",
} as const;

/** Where the patient's alert stands (lib/alerts/patient-view.ts); nothing when they have none. */
export function AlertState({ view }: { view: PatientAlertView | null }) {
  const t = useTranslations("alertState");
  if (!view) return null;
  return (
    <section aria-labelledby="alert-state-heading" className={`mt-6 rounded-lg border-l-4 p-4 ${TONES[view.state]}`}>
      <p className="text-sm font-semibold uppercase tracking-wide">{t("latest")}</p>
      <h2 id="alert-state-heading" className="mt-1 text-xl font-semibold">
        {view.headline}
      </h2>
      <ul className="mt-2 space-y-1">
        {view.lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}
