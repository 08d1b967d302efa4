"use client";

import { useLocale, useTranslations } from "next-intl";
import { Line, ReferenceLine, Tooltip, YAxis } from "recharts";
import type { ZoomRange } from "@/lib/treatment/timeline";
import { SEVERITY_COLOURS } from "./colours";
import {
  alertDots,
  type ChartMarks,
  cycleStartLines,
  latestValueLabel,
  pointTimeIn,
  TimelineChart,
} from "./timeline-chart";

/**
 * Temperature over a time range with the organisation's fever threshold (and low-temperature
 * threshold) drawn as lines, cycle starts marked and alerts pinned. Hidden from screen readers:
 * the table beside it has the same figures.
 */
export function TemperatureChart({
  points,
  range,
  ticks,
  marks,
  feverC,
  lowTemperatureC,
}: {
  points: { at: number; celsius: number }[];
  range: Pick<ZoomRange, "from" | "to">;
  ticks: number[];
  marks: ChartMarks;
  feverC: number;
  lowTemperatureC: number;
}) {
  const t = useTranslations("timeline");
  const tag = useLocale();
  const decimal = new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const values = points.map((p) => p.celsius);
  const low = Math.min(lowTemperatureC - 0.5, ...values);
  const high = Math.max(feverC + 1.5, ...values) + 0.3;
  const newest = points.reduce<(typeof points)[number] | undefined>((a, p) => (!a || p.at > a.at ? p : a), undefined);
  return (
    <TimelineChart className="h-52" initialHeight={208} left={-16} points={points} range={range} ticks={ticks}>
      <YAxis domain={[Math.floor(low * 2) / 2, Math.ceil(high * 2) / 2]} fontSize={11} unit="°" />
      <Tooltip
        labelFormatter={pointTimeIn(tag)}
        formatter={(v) => [`${decimal.format(Number(v))} °C`, t("temperature")]}
      />
      {thresholdLine({
        name: `${t("feverLine")} ${decimal.format(feverC)} °C`,
        celsius: feverC,
        stroke: SEVERITY_COLOURS.red,
        fill: "#991b1b",
        at: "top",
      })}
      {thresholdLine({
        name: `${t("lowLine")} ${decimal.format(lowTemperatureC)} °C`,
        celsius: lowTemperatureC,
        stroke: "#1e3a8a",
        fill: "#1e3a8a",
        at: "bottom",
      })}
      {cycleStartLines(marks.cycleMarks)}
      <Line type="linear" dataKey="celsius" stroke="#0f766e" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
      {alertDots(marks.alerts, Math.ceil(high * 2) / 2 - 0.15)}
      {latestValueLabel(
        newest && { at: newest.at, value: newest.celsius },
        newest ? `${decimal.format(newest.celsius)} °C` : "",
        "#0f766e",
      )}
    </TimelineChart>
  );
}

/**
 * A dashed line across the chart at a threshold, named (with its temperature) at the left: the newest
 * reports are at the right, and a label there would sit on today's figure.
 */
function thresholdLine(t: { name: string; celsius: number; stroke: string; fill: string; at: "top" | "bottom" }) {
  return (
    <ReferenceLine
      y={t.celsius}
      stroke={t.stroke}
      strokeDasharray="6 3"
      label={{
        value: t.name,
        position: t.at === "top" ? "insideTopLeft" : "insideBottomLeft",
        fontSize: 11,
        fill: t.fill,
      }}
    />
  );
}
