/**
 * The cancer centre's time zone, in which every time a user reads is shown (so the server's render
 * and the browser's agree), and the one date-and-time format the pages share.
 */
export const CLINIC_TIME_ZONE = "Europe/London";

const dateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: CLINIC_TIME_ZONE,
});

/** "12 Mar 2026, 09:14" in the clinic's time zone. */
export const formatDateTime = (at: Date | number | string) => dateTime.format(new Date(at));
