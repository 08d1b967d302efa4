import { formatIsoDate, isIsoDate } from "@/lib/treatment/dates";

/** Class names the plan editor's parts share. */

export const field =
  "mt-1 block w-full rounded border border-slate-500 bg-white px-2 py-1.5 aria-[invalid=true]:border-red-700";
export const cell =
  "w-full rounded border border-slate-500 bg-white px-1.5 py-1 aria-[invalid=true]:border-2 aria-[invalid=true]:border-red-700";

/**
 * A date field's value as the reader's language writes it ("26 Jan 2026", "26 ene 2026"), shown with
 * the browser's date control, which writes dates in the browser's own locale (01/26/2026 in a US
 * English browser). `localeTag` is the page's (next-intl's `useLocale()`).
 */
export const clinicDateHint = (value: string | null | undefined, localeTag: string) =>
  value && isIsoDate(value) ? formatIsoDate(value, localeTag) : undefined;
