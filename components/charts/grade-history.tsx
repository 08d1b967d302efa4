"use client";

import dynamic from "next/dynamic";
import type { GradeSeries } from "./grade-history-chart";

/**
 * The charts are drawn in the browser only, from a chunk of their own: recharts stays out of the
 * page's first load and out of its server rendering. The table below them, rendered on the server,
 * carries the same figures; until the charts arrive their place is kept.
 */
const GradeHistoryCharts = dynamic(() => import("./grade-history-chart").then((m) => m.GradeHistoryCharts), {
  ssr: false,
  loading: () => <div className="h-40" />,
});

/** The patient's grades over time as charts, or `empty`, in the reader's words, when there is nothing to draw. */
export function GradeHistory({ series, empty }: { series: GradeSeries[]; empty: string }) {
  if (series.length === 0) return <p>{empty}</p>;
  return <GradeHistoryCharts series={series} />;
}
