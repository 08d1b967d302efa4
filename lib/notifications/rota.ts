/**
 * The on-call rota's arithmetic: times as the clinic enters them (a wall-clock time in its zone),
 * what makes a shift acceptable, who is on call at a moment, and the periods nobody covers. Pure:
 * the database enforces the same bounds again (db/sql/rota.sql).
 */
import { CLINIC_TIME_ZONE } from "../clinic-time";

/** The longest shift, and the shortest. */
export const ROTA_LIMITS = { maxShiftHours: 7 * 24, minShiftMinutes: 30 } as const;

/** How far ahead the rota pages look, and warn about gaps in first on-call cover. */
export const ROTA_WINDOW_DAYS = 28;

const HOUR = 3_600_000;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

const wallClockFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: CLINIC_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** An instant as a `datetime-local` field's value in the clinic's zone: `2026-03-12T09:14`. */
export function toClinicWallClock(at: Date): string {
  const part = Object.fromEntries(wallClockFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}`;
}

/**
 * The instant a wall-clock time (`YYYY-MM-DDTHH:MM`) names in the clinic's zone; null when it is not
 * such a time, or names none (the hour the clocks skip in spring). The hour that happens twice in
 * autumn is taken the first time.
 */
export function fromClinicWallClock(value: string): Date | null {
  const m = WALL_CLOCK.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // London is UTC+1 in summer and UTC+0 in winter: the earlier instant first.
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(asUtc - offsetHours * HOUR);
    if (toClinicWallClock(candidate) === value) return candidate;
  }
  return null;
}

export type ShiftTimes = { startsAt: Date; endsAt: Date };
export type ShiftProblem = { field: "startsAt" | "endsAt"; message: string };

/** What is wrong with a new shift's times at `now`, in sentences; none when it can be added. */
export function shiftTimeProblems({ startsAt, endsAt }: ShiftTimes, now: Date): ShiftProblem[] {
  if (endsAt.getTime() <= startsAt.getTime())
    return [{ field: "endsAt", message: "The shift must end after it starts." }];
  if (endsAt.getTime() - startsAt.getTime() < ROTA_LIMITS.minShiftMinutes * 60_000)
    return [{ field: "endsAt", message: `A shift lasts at least ${ROTA_LIMITS.minShiftMinutes} minutes.` }];
  if (endsAt.getTime() - startsAt.getTime() > ROTA_LIMITS.maxShiftHours * HOUR)
    return [
      {
        field: "endsAt",
        message: `A shift lasts at most ${ROTA_LIMITS.maxShiftHours / 24} days. Add the rest as another shift.`,
      },
    ];
  if (endsAt.getTime() <= now.getTime())
    return [{ field: "endsAt", message: "That shift has already ended. The rota keeps what is to come." }];
  return [];
}

export type Period = { from: Date; to: Date };

/** Whether two periods share any moment (touching ends do not). */
export const overlaps = (a: Period, b: Period) => a.from < b.to && b.from < a.to;

/** The shift covering `at`, if any. */
export function coveringAt<S extends ShiftTimes>(shifts: readonly S[], at: Date): S | undefined {
  return shifts.find((s) => s.startsAt <= at && s.endsAt > at);
}

/** The parts of `window` that no shift covers, earliest first. */
export function gapsInCover(shifts: readonly ShiftTimes[], window: Period): Period[] {
  const sorted = [...shifts].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const gaps: Period[] = [];
  let covered = window.from;
  for (const s of sorted) {
    if (s.endsAt <= covered) continue;
    if (s.startsAt >= window.to) break;
    if (s.startsAt > covered) gaps.push({ from: covered, to: s.startsAt });
    covered = s.endsAt;
    if (covered >= window.to) break;
  }
  if (covered < window.to) gaps.push({ from: covered, to: window.to });
  return gaps;
}
