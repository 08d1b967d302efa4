"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";

/** What the patient is told at once after their report is stored. */
export type SubmittedReport = {
  reportId: string;
  level: "red" | "amber" | "green";
  advice: { headline: string; body: string[] };
};

const STYLES = {
  red: "border-red-600 bg-red-50 text-red-950",
  amber: "border-amber-500 bg-amber-50 text-amber-950",
  green: "border-green-600 bg-green-50 text-green-950",
} as const;

export function ReportAdvice({ result, onAnother }: { result: SubmittedReport; onAnother: () => void }) {
  const t = useTranslations("report");
  return (
    <section
      role={result.level === "red" ? "alert" : "status"}
      aria-labelledby="advice-heading"
      className={`rounded-lg border-4 p-5 ${STYLES[result.level]}`}
    >
      <p className="text-sm font-semibold uppercase tracking-wide">{t("sent")}</p>
      <h2 id="advice-heading" className="mt-1 text-2xl font-bold">
        {result.advice.headline}
      </h2>
      <div className="mt-3 space-y-2 text-lg">
        {result.advice.body.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
      <div className="mt-5 flex flex-wrap gap-4">
        <Link href="/me/reports" className="rounded bg-slate-900 px-4 py-2 font-medium text-white">
          {t("seeMyReports")}
        </Link>
        <button type="button" onClick={onAnother} className="rounded border border-slate-700 px-4 py-2 font-medium">
          {t("reportAgain")}
        </button>
      </div>
    </section>
  );
}
