"use client";

import { useLocale, useTranslations } from "next-intl";
import { Line, Tooltip, YAxis } from "recharts";
import type { ZoomRange } from "@/lib/treatment/timeline";
import { alertDots, type ChartMarks, cycleStartLines, pointTimeIn, TimelineChart } from "./timeline-chart";

export type { ChartMarks } from "./timeline-chart";

/**
 * One symptom's composite grade (0-3) over a time range, with each cycle start marked (C1, C2, ...)
 * and every alert pinned where it was raised (red or amber dot along the top). A small multiple:
 * the record shows one per symptom, on the same time axis. Hidden from screen readers: the table
 * beside it has the same figures.
 */
export function SymptomGradeChart({
  label,
  points,
  range,
  ticks,
  marks,
}: {
  label: string;
  points: { at: number; grade: number | null }[];
  range: Pick<ZoomRange, "from" | "to">;
  ticks: number[];
  marks: ChartMarks;
}) {
  const t = useTranslations("timeline");
  const tag = useLocale();
  return (
    <TimelineChart className="h-36" initialHeight={144} left={-28} points={points} range={range} ticks={ticks}>
      <YAxis domain={[0, 3.6]} ticks={[0, 1, 2, 3]} allowDecimals={false} fontSize={11} />
      <Tooltip
        labelFormatter={pointTimeIn(tag)}
        formatter={(v) => [v === null || v === undefined ? t("notGraded") : t("grade", { grade: String(v) }), label]}
      />
      {cycleStartLines(marks.cycleMarks)}
      <Line
        type="stepAfter"
        dataKey="grade"
        stroke="#1d4ed8"
        strokeWidth={2}
        dot={{ r: 1.5 }}
        connectNulls={false}
        isAnimationActive={false}
      />
      {alertDots(marks.alerts, 3.45)}
    </TimelineChart>
  );
}
