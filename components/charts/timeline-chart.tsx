"use client";

import { useLocale } from "next-intl";
import type { ReactNode } from "react";
import { CartesianGrid, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, XAxis } from "recharts";
import { formatDateTime, formatShortDay } from "@/components/patients/format";
import type { TimelineData, ZoomRange } from "@/lib/treatment/timeline";
import { SEVERITY_COLOURS } from "./colours";

export type ChartMarks = Pick<TimelineData, "cycleMarks" | "alerts">;

/** The tooltip's heading: the point's time, as the record's tables write it in the reader's language. */
export const pointTimeIn = (tag: string) => (at: unknown) => formatDateTime(Number(at), tag);

/**
 * The share of the time axis left empty after the range's end, so the newest point (today's report)
 * sits inside the plot with room for its label, not on the plot's edge.
 */
const ROOM_AFTER = 0.08;

/**
 * The frame every chart on the record's timeline shares: hidden from screen readers (the table beside
 * it has the same figures), with a time axis over `range` so the small multiples line up. `children`
 * follow the axis, in the order they are drawn.
 */
export function TimelineChart<Point extends { at: number }>({
  className,
  initialHeight,
  left,
  points,
  range,
  ticks,
  children,
}: {
  /** The height as a Tailwind class, e.g. "h-36"; `initialHeight` is the same in pixels, for the first render. */
  className: string;
  initialHeight: number;
  /** The left margin: negative to pull the y axis labels in. */
  left: number;
  points: Point[];
  range: Pick<ZoomRange, "from" | "to">;
  ticks: number[];
  children: ReactNode;
}) {
  const tag = useLocale();
  return (
    <div className={className} aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height: initialHeight }}>
        <LineChart data={points} margin={{ top: 14, right: 12, bottom: 0, left }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={[range.from, range.to + (range.to - range.from) * ROOM_AFTER]}
            ticks={ticks}
            tickFormatter={(at) => formatShortDay(at, tag)}
            fontSize={11}
            allowDataOverflow
          />
          {children}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/*
 * The marks below are plain functions returning Recharts elements, not components, so the chart's
 * element tree (and so what Recharts draws, in which order) is exactly as if they were written inline.
 */

/** Each cycle start as a vertical line labelled C1, C2, ...; dashed where the cycle was not given. */
export function cycleStartLines(cycleMarks: ChartMarks["cycleMarks"]) {
  return cycleMarks.map((c) => (
    <ReferenceLine
      key={`c${c.cycleNumber}`}
      x={c.at}
      stroke={c.given ? "#334155" : "#94a3b8"}
      strokeDasharray={c.given ? undefined : "4 3"}
      label={{ value: `C${c.cycleNumber}`, position: "insideTopLeft", fontSize: 10, fill: "#334155" }}
    />
  ));
}

/**
 * The newest point's value written above it, so today's figure is read at a glance. A Recharts
 * element (see above), drawn after the line so it is on top.
 */
export function latestValueLabel(point: { at: number; value: number } | undefined, text: string, fill: string) {
  if (!point) return null;
  return (
    <ReferenceDot
      x={point.at}
      y={point.value}
      r={3.5}
      fill={fill}
      stroke="white"
      label={{ value: text, position: "top", offset: 8, fontSize: 12, fontWeight: 600, fill: "#0f172a" }}
    />
  );
}

/** Every alert as a red or amber dot where it was raised, at height `y` (along the top). */
export function alertDots(alerts: ChartMarks["alerts"], y: number) {
  return alerts.map((a) => (
    <ReferenceDot
      key={a.id}
      x={a.at}
      y={y}
      r={4}
      fill={SEVERITY_COLOURS[a.severity]}
      stroke="white"
      ifOverflow="discard"
    />
  ));
}
