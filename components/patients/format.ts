/**
 * Formats the record's pages share, in the reader's language (a BCP 47 tag). Pure, for server and
 * client components; the words themselves are in the message catalogues.
 */
import { CLINIC_TIME_ZONE } from "@/lib/clinic-time";

const formats = new Map<string, { dateOnly: Intl.DateTimeFormat; shortDay: Intl.DateTimeFormat }>();

/** The day formats of one language (a BCP 47 tag), made once. */
function dayFormats(tag: string) {
  let made = formats.get(tag);
  if (!made) {
    made = {
      dateOnly: new Intl.DateTimeFormat(tag, {
        day: "numeric",
        month: "short",
        year: "numeric",
        timeZone: CLINIC_TIME_ZONE,
      }),
      shortDay: new Intl.DateTimeFormat(tag, { day: "numeric", month: "short", timeZone: CLINIC_TIME_ZONE }),
    };
    formats.set(tag, made);
  }
  return made;
}

export { formatDateTime } from "@/lib/clinic-time";
/** "12 Mar 2026" in UK time; in another language with its tag ("12 mar 2026"). */
export const formatDate = (at: Date | number | string, tag = "en-GB") => dayFormats(tag).dateOnly.format(new Date(at));
/** "12 Mar", for chart axes. */
export const formatShortDay = (at: Date | number | string, tag = "en-GB") =>
  dayFormats(tag).shortDay.format(new Date(at));

/** Events that name the person a notification reached, not someone who acted. */
export const NOTIFIED_KINDS: ReadonlySet<string> = new Set(["notified", "escalation_notified"]);

/** Classes for a composite grade: colour is never the only signal (the number is always shown). */
export const GRADE_CLASSES = [
  "bg-emerald-50 text-emerald-900",
  "bg-yellow-100 text-yellow-900",
  "bg-orange-200 text-orange-950",
  "bg-red-700 text-white",
] as const;

export const gradeClass = (grade: number | null) =>
  grade === null ? "bg-white text-slate-500" : (GRADE_CLASSES[grade] ?? "bg-white text-slate-900");
