"use client";

import { useLocale } from "next-intl";
import { CartesianGrid, Line, LineChart, ReferenceDot, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatShortDay } from "@/components/patients/format";

export type GradeSeries = { symptom: string; label: string; points: { at: string; grade: number | null }[] };

/**
 * One small chart per symptom: its composite grade (0-3) over time, the newest grade written beside
 * its point, with room after it so it is not lost on the chart's edge. The same figures are in the
 * table below the charts, for screen readers and for anyone who prefers numbers.
 */
export function GradeHistoryCharts({ series }: { series: GradeSeries[] }) {
  const tag = useLocale();
  if (series.length === 0) return null;
  return (
    <div className="grid gap-4 sm:grid-cols-2" aria-hidden="true">
      {series.map((s) => {
        const newest = s.points.findLast((p) => p.grade !== null);
        return (
          <figure key={s.symptom} className="rounded bg-white p-3">
            <figcaption className="font-medium">{s.label}</figcaption>
            <div className="h-32">
              <ResponsiveContainer width="100%" height="100%">
                <LineChart
                  data={s.points}
                  margin={{ top: 8, right: 8, bottom: 0, left: -24 }}
                  accessibilityLayer={false}
                >
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis
                    dataKey="at"
                    tickFormatter={(at) => formatShortDay(at, tag)}
                    minTickGap={24}
                    fontSize={11}
                    padding={{ left: 0, right: 40 }}
                  />
                  <YAxis domain={[0, 4]} ticks={[0, 1, 2, 3]} allowDecimals={false} fontSize={11} />
                  <Tooltip
                    labelFormatter={(v) => formatShortDay(String(v))}
                    formatter={(v) => [`Grade ${v}`, s.label]}
                  />
                  <Line
                    type="stepAfter"
                    dataKey="grade"
                    stroke="#1d4ed8"
                    strokeWidth={2}
                    dot={false}
                    connectNulls
                    isAnimationActive={false}
                  />
                  {newest && (
                    <ReferenceDot
                      x={newest.at}
                      y={newest.grade ?? 0}
                      r={3.5}
                      fill="#1d4ed8"
                      stroke="white"
                      label={{
                        value: `Grade ${newest.grade}`,
                        position: "top",
                        offset: 8,
                        fontSize: 11,
                        fontWeight: 600,
                        fill: "#0f172a",
                      }}
                    />
                  )}
                </LineChart>
              </ResponsiveContainer>
            </div>
          </figure>
        );
      })}
    </div>
  );
}
