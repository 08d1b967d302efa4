"use client";

import dynamic from "next/dynamic";
import { useLocale, useTranslations } from "next-intl";
import { type ReactNode, useId, useMemo, useState } from "react";
import { SEVERITY_COLOURS } from "@/components/charts/colours";
import {
  symptomSeries,
  type TimelineData,
  temperaturePoints,
  timelineTable,
  timeTicks,
  within,
  zoomRanges,
} from "@/lib/treatment/timeline";
import { formatDate, formatDateTime } from "./format";
import { ScrollRegion } from "./scroll-region";

/**
 * The charts are drawn in the browser only, from a chunk loaded with the timeline: recharts stays out
 * of the record's first load and out of its server rendering. The tables beside them, rendered on
 * the server, carry the same figures; until a chart arrives its place is kept at its height.
 */
const SymptomGradeChart = dynamic(
  () => import("@/components/charts/symptom-grade-chart").then((m) => m.SymptomGradeChart),
  { ssr: false, loading: () => <div className="h-36" /> },
);
const TemperatureChart = dynamic(
  () => import("@/components/charts/temperature-chart").then((m) => m.TemperatureChart),
  { ssr: false, loading: () => <div className="h-52" /> },
);

/**
 * The symptom timeline: each symptom's grade over time (one small chart per symptom, all on the
 * same time axis), then temperature with its thresholds. Cycle starts are marked and alerts pinned
 * on every chart. The zoom goes from the whole course down to one cycle; every chart has a table
 * with the same figures, and the marks are listed in words. `names` are the symptoms' names in the
 * reader's language, given by the server so the instrument's wordings stay out of the browser.
 */
export function SymptomTimeline({ data, names }: { data: TimelineData; names: Record<string, string> }) {
  const t = useTranslations("timeline");
  const tag = useLocale();
  const decimal = new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const day = (at: number) => formatDate(at, tag);
  const when = (at: number) => formatDateTime(at, tag);
  const rangeLabel = (r: { key: string }) => {
    if (r.key === "course") return t("rangeCourse");
    if (r.key === "recent") return t("rangeRecent");
    return t("rangeCycle", { cycle: r.key.replace("cycle-", "") });
  };
  const ranges = useMemo(() => zoomRanges(data), [data]);
  const [key, setKey] = useState(ranges[0]?.key ?? "course");
  const range = ranges.find((r) => r.key === key) ?? ranges[0];
  const series = useMemo(() => symptomSeries(data.grades, range), [data.grades, range]);
  const ticks = useMemo(() => timeTicks(range), [range]);
  const marks = useMemo(
    () => ({ cycleMarks: within(data.cycleMarks, range), alerts: within(data.alerts, range) }),
    [data.cycleMarks, data.alerts, range],
  );
  const temperatures = useMemo(() => temperaturePoints(data.temperatures, range), [data.temperatures, range]);
  const rows = useMemo(
    () =>
      timelineTable(
        data,
        range,
        series.map((s) => s.symptom),
      ),
    [data, range, series],
  );
  const id = useId();
  const period = { from: day(range.from), to: day(range.to) };
  const showing =
    range.key === "course"
      ? t("showingCourse", period)
      : range.key === "recent"
        ? t("showingRecent", period)
        : t("showingCycle", { ...period, cycle: range.key.replace("cycle-", "") });
  const nameOf = (s: { symptom: string; label: string }) => names[s.symptom] ?? s.label;

  return (
    <div>
      <fieldset className="rounded-lg bg-white p-3">
        <legend className="px-1 font-medium">{t("show")}</legend>
        <div className="flex flex-wrap gap-2">
          {ranges.map((r) => (
            <label
              key={r.key}
              className={`inline-flex min-h-11 cursor-pointer items-center gap-2 rounded-full border px-3 py-1 has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-blue-700 ${
                r.key === range.key
                  ? "border-blue-800 bg-blue-800 text-white"
                  : "border-slate-400 bg-white text-slate-900"
              }`}
            >
              <input
                type="radio"
                name={`${id}-zoom`}
                value={r.key}
                checked={r.key === range.key}
                onChange={() => setKey(r.key)}
                className="sr-only"
              />
              {rangeLabel(r)}
            </label>
          ))}
        </div>
      </fieldset>
      <p className="mt-2 text-slate-700" aria-live="polite">
        {showing}
      </p>

      <Legend />

      <h3 className="mt-4 text-lg font-semibold">{t("symptomGrades")}</h3>
      {series.length === 0 ? (
        <p className="mt-1">{t("noSymptoms")}</p>
      ) : (
        <div className="mt-2 grid gap-3 lg:grid-cols-2">
          {series.map((s) => (
            <figure key={s.symptom} className="rounded bg-white p-2">
              <figcaption className="font-medium">{nameOf(s)}</figcaption>
              <SymptomGradeChart label={nameOf(s)} points={s.points} range={range} ticks={ticks} marks={marks} />
            </figure>
          ))}
        </div>
      )}
      {rows.length > 0 && series.length > 0 && (
        <ChartTable
          summary={t("gradesSummary")}
          label={t("gradesLabel")}
          caption={t("gradesCaption", period)}
          report={t("report")}
          columns={series.map((s) => (
            <th key={s.symptom} scope="col" className="p-1">
              {nameOf(s)}
            </th>
          ))}
        >
          {rows.map((r) => (
            <tr key={r.at} className="border-b border-slate-100">
              <th scope="row" className="p-1 font-normal whitespace-nowrap">
                {when(r.at)}
              </th>
              {series.map((s) => {
                const g = r.grades[s.symptom];
                return (
                  <td key={s.symptom} className="p-1">
                    {g === undefined ? <span className="text-slate-500">–</span> : g === null ? t("notGraded") : g}
                  </td>
                );
              })}
            </tr>
          ))}
        </ChartTable>
      )}

      <h3 className="mt-6 text-lg font-semibold">{t("temperature")}</h3>
      {temperatures.length === 0 ? (
        <p className="mt-1">{t("noTemperature")}</p>
      ) : (
        <>
          <figure className="mt-2 rounded bg-white p-2">
            <figcaption className="font-medium">
              {t("temperatureCaption", {
                fever: decimal.format(data.feverC),
                low: decimal.format(data.lowTemperatureC),
              })}
            </figcaption>
            <TemperatureChart
              points={temperatures}
              range={range}
              ticks={ticks}
              marks={marks}
              feverC={data.feverC}
              lowTemperatureC={data.lowTemperatureC}
            />
          </figure>
          <ChartTable
            summary={t("temperaturesSummary")}
            label={t("temperaturesLabel")}
            caption={t("temperaturesCaption", period)}
            report={t("report")}
            columns={
              <th scope="col" className="p-1">
                {t("temperature")}
              </th>
            }
          >
            {temperatures.map((p, i) => {
              const flag = p.celsius >= data.feverC ? t("fever") : p.celsius <= data.lowTemperatureC ? t("low") : "";
              // The chart writes the newest value beside its point; the table says which row that is.
              const notes = [flag, i === temperatures.length - 1 ? t("latest") : ""].filter(Boolean).join(", ");
              return (
                <tr key={p.at} className="border-b border-slate-100">
                  <th scope="row" className="p-1 font-normal">
                    {when(p.at)}
                  </th>
                  <td className={`p-1 ${flag ? "font-semibold text-red-800" : ""}`}>
                    {decimal.format(p.celsius)} °C{notes ? ` (${notes})` : ""}
                  </td>
                </tr>
              );
            })}
          </ChartTable>
        </>
      )}

      <details className="mt-4 rounded bg-white p-3">
        <summary className="cursor-pointer font-medium">{t("marksSummary")}</summary>
        <h4 className="mt-2 font-medium">{t("cycleStarts")}</h4>
        {marks.cycleMarks.length === 0 ? (
          <p>{t("none")}</p>
        ) : (
          <ul className="list-disc pl-6">
            {marks.cycleMarks.map((c) => (
              <li key={c.cycleNumber}>
                {c.given
                  ? t("cycleGiven", { cycle: c.cycleNumber, date: day(c.at), doses: c.doses })
                  : t("cyclePlanned", { cycle: c.cycleNumber, date: day(c.at), doses: c.doses })}
              </li>
            ))}
          </ul>
        )}
        <h4 className="mt-2 font-medium">{t("alerts")}</h4>
        {marks.alerts.length === 0 ? (
          <p>{t("none")}</p>
        ) : (
          <ul className="list-disc pl-6">
            {marks.alerts.map((a) => (
              <li key={a.id}>
                {a.severity === "red"
                  ? t("alertRed", { when: when(a.at), summary: a.summary })
                  : t("alertAmber", { when: when(a.at), summary: a.summary })}
              </li>
            ))}
          </ul>
        )}
      </details>
    </div>
  );
}

function Legend() {
  const t = useTranslations("timeline");
  return (
    <ul className="mt-3 flex flex-wrap gap-x-5 gap-y-1 text-sm text-slate-800" aria-label={t("legendLabel")}>
      <li>{t("legendGrades")}</li>
      <li className="inline-flex items-center gap-1">
        <span aria-hidden="true" className="inline-block h-3 w-0.5 bg-slate-700" /> {t("legendCycles")}
      </li>
      {(["red", "amber"] as const).map((severity) => (
        <li key={severity} className="inline-flex items-center gap-1">
          <span
            aria-hidden="true"
            className="inline-block h-3 w-3 rounded-full"
            style={{ background: SEVERITY_COLOURS[severity] }}
          />
          {severity === "red" ? t("redAlert") : t("amberAlert")}
        </li>
      ))}
    </ul>
  );
}

/** A chart's figures as a table, folded away below it: one row a report, the report's time first. */
function ChartTable({
  summary,
  label,
  caption,
  report,
  columns,
  children,
}: {
  summary: string;
  label: string;
  caption: ReactNode;
  /** The first column's header: the report's time. */
  report: string;
  columns: ReactNode;
  children: ReactNode;
}) {
  return (
    <details className="mt-2 rounded bg-white p-3">
      <summary className="cursor-pointer font-medium">{summary}</summary>
      <ScrollRegion label={label} className="mt-2 max-h-96 overflow-auto">
        <table className="w-full border-collapse text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="sticky top-0 bg-white">
            <tr className="border-b border-slate-300">
              <th scope="col" className="p-1">
                {report}
              </th>
              {columns}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </ScrollRegion>
    </details>
  );
}
