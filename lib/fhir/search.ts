/**
 * FHIR search parameters as this server reads them, each refused with a sentence when it cannot be
 * read (the route answers 400 with an OperationOutcome naming the parameter).
 *
 * Dates (`date`, `authored`, `_lastUpdated`) take the prefixes eq, gt, ge, lt and le and a value of
 * YYYY, YYYY-MM, YYYY-MM-DD or a date and time; a value without a time zone is read as UTC. A
 * parameter may be given twice to make a range (`date=ge2026-03-01&date=lt2026-04-01`).
 */
import { z } from "zod";
import { isUuid } from "../uuid";

/** Times a search keeps: from (inclusive) and before (exclusive); either may be open. */
export type TimeRange = { from?: Date; before?: Date };

const DATE_VALUE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const PREFIXES = ["eq", "gt", "ge", "lt", "le"] as const;
export const DATE_MESSAGE =
  "Must be a date (YYYY, YYYY-MM, YYYY-MM-DD or a date and time such as 2026-03-01T09:30:00Z), optionally after one of the prefixes eq, gt, ge, lt, le";

/** Midnight UTC of a day; Date.UTC alone would read the years 0-99 as 1900-1999. */
function utc(year: number, monthIndex: number, day: number): Date {
  const date = new Date(Date.UTC(2000, monthIndex, day));
  date.setUTCFullYear(year, monthIndex, day);
  return date;
}

/** The end of the last day a date may name: a range is never extended past it (the database's limit). */
const LAST = new Date("9999-12-31T23:59:59.999Z");
const clamp = (date: Date) => (date > LAST ? LAST : date);

/** The span a date value stands for, [start, end), or null when it is not a valid date. */
function spanOf(value: string): { start: Date; end: Date } | null {
  const m = DATE_VALUE.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  if (year < 1 || month < 1 || month > 12) return null;
  const daysInMonth = utc(year, month, 0).getUTCDate();
  if (day < 1 || day > daysInMonth) return null;
  if (h !== undefined) {
    const hour = Number(h);
    const minute = Number(mi);
    const second = s === undefined ? 0 : Number(s);
    if (hour > 23 || minute > 59 || second > 59) return null;
    const offset = zone === undefined || zone === "Z" ? "Z" : zone;
    if (offset !== "Z" && (Number(offset.slice(1, 3)) > 14 || Number(offset.slice(4)) > 59)) return null;
    const ms = frac === undefined ? 0 : Number(`0.${frac}`) * 1000;
    const start = new Date(
      `${y}-${mo}-${d}T${h}:${mi}:${String(second).padStart(2, "0")}.${String(Math.floor(ms)).padStart(3, "0")}${offset}`,
    );
    if (Number.isNaN(start.getTime())) return null;
    // Precise to the unit given: a minute, a second or a millisecond.
    const unit = frac !== undefined ? 1 : s !== undefined ? 1000 : 60_000;
    if (start < utc(1, 0, 1) || start > LAST) return null;
    return { start, end: clamp(new Date(start.getTime() + unit)) };
  }
  const start = utc(year, month - 1, day);
  const end =
    d !== undefined ? utc(year, month - 1, day + 1) : mo !== undefined ? utc(year, month, 1) : utc(year + 1, 0, 1);
  return { start, end: clamp(end) };
}

/** One date parameter value as the range of times it keeps, or null when it cannot be read. */
export function parseDateParam(raw: string): TimeRange | null {
  const prefix = (PREFIXES as readonly string[]).includes(raw.slice(0, 2)) ? raw.slice(0, 2) : null;
  const span = spanOf(prefix ? raw.slice(2) : raw);
  if (!span) return null;
  switch (prefix ?? "eq") {
    case "eq":
      return { from: span.start, before: span.end };
    case "gt":
      return { from: span.end };
    case "ge":
      return { from: span.start };
    case "lt":
      return { before: span.start };
    default:
      return { before: span.end };
  }
}

/** Several date values, all of which must hold: the narrowest range. */
export function intersect(ranges: readonly TimeRange[]): TimeRange {
  const result: TimeRange = {};
  for (const r of ranges) {
    if (r.from && (!result.from || r.from > result.from)) result.from = r.from;
    if (r.before && (!result.before || r.before < result.before)) result.before = r.before;
  }
  return result;
}

/** A date parameter, once or twice: the range all its values keep. */
export const dateParam = z
  .union([z.string(), z.array(z.string()).max(2, "Give a date parameter at most twice, as a range")])
  .transform((value, ctx): TimeRange => {
    const ranges: TimeRange[] = [];
    for (const each of Array.isArray(value) ? value : [value]) {
      const range = parseDateParam(each);
      if (!range) {
        ctx.addIssue({ code: "custom", message: DATE_MESSAGE });
        return z.NEVER;
      }
      ranges.push(range);
    }
    return intersect(ranges);
  })
  .optional();

/** A parameter this server takes once only. */
export const once = (schema: z.ZodType<string>) =>
  z.union([schema, z.array(z.unknown())]).refine((v) => !Array.isArray(v), "Give this parameter once");

export const COUNT_DEFAULT = 20;
export const COUNT_MAX = 100;
export const OFFSET_MAX = 10_000;

/** A whole number from 0 to `max`, as a query parameter. */
function wholeNumberParam(max: number) {
  const message = `Must be a whole number from 0 to ${max}`;
  return z
    .string()
    .regex(new RegExp(`^\\d{1,${String(max).length}}$`), message)
    .transform(Number)
    .refine((n) => n <= max, message)
    .optional();
}

/** `_count`: how many entries a page holds, 0 to 100 (default 20; 0 answers the total alone). */
export const countParam = wholeNumberParam(COUNT_MAX);

/** `_offset`: where the page starts, as the `next` link gives it. */
export const offsetParam = wholeNumberParam(OFFSET_MAX);

/** `patient`: `Patient/<id>` or `<id>`, the patient's id. */
export const patientParam = z
  .string()
  .transform((value, ctx) => {
    const id = value.startsWith("Patient/") ? value.slice("Patient/".length) : value;
    if (!isUuid(id)) {
      ctx.addIssue({ code: "custom", message: "Must be a patient's id, as Patient/<id> or <id>" });
      return z.NEVER;
    }
    return id.toLowerCase();
  })
  .optional();

/** A token: `system|code`, `|code` or `code`. */
export type Token = { system?: string; code: string };

/** A token parameter's comma-separated values (any of them may match). */
export function parseTokens(value: string): Token[] | null {
  const tokens: Token[] = [];
  for (const part of value.split(",")) {
    const bar = part.indexOf("|");
    const token = bar < 0 ? { code: part } : { system: part.slice(0, bar) || undefined, code: part.slice(bar + 1) };
    if (!token.code || token.code.length > 100 || !/^[\x21-\x7e]+$/.test(token.code)) return null;
    tokens.push(token);
  }
  return tokens.length > 0 && tokens.length <= 50 ? tokens : null;
}
