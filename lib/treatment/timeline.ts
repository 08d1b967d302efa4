/**
 * The symptom timeline of a patient's record: grades, temperatures, cycle starts and alerts on one
 * time axis, and the ranges a clinician zooms between (the whole course, the last four weeks, one
 * cycle). Pure and serialisable: the server builds it, the browser filters it as the zoom changes.
 */
import { SYMPTOM_ITEMS, type SymptomCode } from "../grading/items";
import type { CycleWindow } from "./cycles";
import { startOfClinicDay } from "./dates";

const DAY_MS = 86_400_000;

export type TimelineData = {
  /** The first and last instants shown for the whole course (ms since the epoch). */
  start: number;
  end: number;
  /**
   * Per symptom, the times of its grades and the grades, side by side and oldest first: only the
   * symptoms that were above grade 0 at some point of the course, as no chart or table shows the
   * others. Columns rather than one object per grade, as the record sends them into the page.
   */
  grades: GradeColumns[];
  temperatures: { at: number[]; celsius: number[] };
  /** Cycle starts: given cycles on the day given, the next planned one on its planned day. */
  /** `doses`: each agent's dose in words, or the one level they share ("80%"). */
  cycleMarks: { cycleNumber: number; at: number; given: boolean; doses: string }[];
  alerts: { id: string; at: number; severity: "red" | "amber"; summary: string }[];
  windows: CycleWindow[];
  feverC: number;
  lowTemperatureC: number;
};

export type GradeColumns = { symptom: SymptomCode; at: number[]; grade: (number | null)[] };

type TimelineReport = {
  at: number;
  temperatureC: number | null;
  grades: readonly { symptom: SymptomCode; grade: number | null }[];
};

/** The grades and temperatures of the reports as the timeline carries them (see `TimelineData`). */
export function timelineColumns(reports: readonly TimelineReport[]): Pick<TimelineData, "grades" | "temperatures"> {
  const sorted = [...reports].sort((a, b) => a.at - b.at);
  const bySymptom = new Map<SymptomCode, GradeColumns>();
  const risen = new Set<SymptomCode>();
  const temperatures: TimelineData["temperatures"] = { at: [], celsius: [] };
  for (const r of sorted) {
    for (const g of r.grades) {
      let columns = bySymptom.get(g.symptom);
      if (!columns) {
        columns = { symptom: g.symptom, at: [], grade: [] };
        bySymptom.set(g.symptom, columns);
      }
      columns.at.push(r.at);
      columns.grade.push(g.grade);
      if ((g.grade ?? 0) > 0) risen.add(g.symptom);
    }
    if (r.temperatureC !== null) {
      temperatures.at.push(r.at);
      temperatures.celsius.push(r.temperatureC);
    }
  }
  return { grades: [...bySymptom.values()].filter((c) => risen.has(c.symptom)), temperatures };
}

export type ZoomRange = { key: string; label: string; from: number; to: number };

/** The whole course, the last 4 weeks, and each cycle given. */
export function zoomRanges(data: Pick<TimelineData, "start" | "end" | "windows">): ZoomRange[] {
  const ranges: ZoomRange[] = [{ key: "course", label: "Whole course", from: data.start, to: data.end }];
  if (data.end - data.start > 35 * DAY_MS) {
    ranges.push({ key: "recent", label: "Last 4 weeks", from: data.end - 28 * DAY_MS, to: data.end });
  }
  for (const w of data.windows) {
    const from = Math.max(startOfClinicDay(w.from), data.start);
    const to = w.to === null ? data.end : Math.min(startOfClinicDay(w.to), data.end);
    if (to > from) ranges.push({ key: `cycle-${w.cycleNumber}`, label: `Cycle ${w.cycleNumber}`, from, to });
  }
  return ranges;
}

const inRange = (at: number, range: Pick<ZoomRange, "from" | "to">) => at >= range.from && at <= range.to;

export type SymptomSeries = { symptom: SymptomCode; label: string; points: { at: number; grade: number | null }[] };

/** One series per symptom (form order) that reached grade 1 or more within the range. */
export function symptomSeries(grades: TimelineData["grades"], range: Pick<ZoomRange, "from" | "to">): SymptomSeries[] {
  const bySymptom = new Map<SymptomCode, { at: number; grade: number | null }[]>();
  for (const columns of grades) {
    const list = bySymptom.get(columns.symptom) ?? [];
    columns.at.forEach((at, i) => {
      if (inRange(at, range)) list.push({ at, grade: columns.grade[i] ?? null });
    });
    bySymptom.set(columns.symptom, list);
  }
  return SYMPTOM_ITEMS.filter((item) => bySymptom.get(item.code)?.some((p) => (p.grade ?? 0) > 0)).map((item) => ({
    symptom: item.code,
    label: item.shortLabel,
    points: (bySymptom.get(item.code) ?? []).sort((a, b) => a.at - b.at),
  }));
}

export type TimelineTableRow = {
  at: number;
  temperature: number | null;
  grades: Partial<Record<SymptomCode, number | null>>;
};

/** The same figures as the charts, one row per report time (oldest first), for the table alternative. */
export function timelineTable(
  data: Pick<TimelineData, "grades" | "temperatures">,
  range: Pick<ZoomRange, "from" | "to">,
  symptoms: readonly SymptomCode[],
): TimelineTableRow[] {
  const wanted = new Set(symptoms);
  const rows = new Map<number, TimelineTableRow>();
  const row = (at: number) => {
    let r = rows.get(at);
    if (!r) {
      r = { at, temperature: null, grades: {} };
      rows.set(at, r);
    }
    return r;
  };
  for (const columns of data.grades) {
    if (!wanted.has(columns.symptom)) continue;
    columns.at.forEach((at, i) => {
      if (inRange(at, range)) row(at).grades[columns.symptom] = columns.grade[i] ?? null;
    });
  }
  for (const t of temperaturePoints(data.temperatures, range)) row(t.at).temperature = t.celsius;
  return [...rows.values()].sort((a, b) => a.at - b.at);
}

/** The temperatures within a range, one point each, oldest first. */
export function temperaturePoints(
  temperatures: TimelineData["temperatures"],
  range: Pick<ZoomRange, "from" | "to">,
): { at: number; celsius: number }[] {
  return temperatures.at.flatMap((at, i) => (inRange(at, range) ? [{ at, celsius: temperatures.celsius[i] }] : []));
}

/** Items within a range, for pins and marks. */
export function within<T extends { at: number }>(items: readonly T[], range: Pick<ZoomRange, "from" | "to">): T[] {
  return items.filter((i) => inRange(i.at, range));
}

/** Ticks at whole days (midday UTC) spaced to give about six labels across the range. */
export function timeTicks(range: Pick<ZoomRange, "from" | "to">): number[] {
  const days = Math.max(1, (range.to - range.from) / DAY_MS);
  const step = [1, 2, 3, 7, 14, 28, 56].find((s) => days / s <= 8) ?? 91;
  const first = Math.ceil((range.from - DAY_MS / 2) / DAY_MS) * DAY_MS + DAY_MS / 2;
  const ticks: number[] = [];
  for (let at = first; at <= range.to; at += step * DAY_MS) ticks.push(at);
  return ticks;
}
