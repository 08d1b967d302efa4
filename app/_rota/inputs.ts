/**
 * What the rota forms may send, and nothing else: a care team, a person, a position, and the times
 * as the clinic's `datetime-local` fields send them (wall-clock times in its zone). The rules a
 * shift must meet (its length, that it has not ended, that nothing overlaps it) are the data
 * layer's (db/queries/rota.ts), which words them for the same fields.
 */
import { z } from "zod";
import { fromClinicWallClock } from "@/lib/notifications/rota";
import { form, idField } from "../(admin)/admin/_lib/inputs";

const wallClock = (what: string) =>
  z
    .string({ error: `Enter when the shift ${what}.` })
    .trim()
    .min(1, `Enter when the shift ${what}.`)
    .max(20, `Enter when the shift ${what} as a date and time.`)
    .transform((value, ctx) => {
      const at = fromClinicWallClock(value);
      if (at) return at;
      ctx.addIssue({
        code: "custom",
        message: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)
          ? "That time does not happen in the clinic's time zone (the clocks go forward then). Choose another."
          : `Enter when the shift ${what} as a date and time.`,
      });
      return z.NEVER;
    });

export const addShiftInput = form({
  teamId: idField("a care team"),
  userId: idField("who is on call"),
  position: z.enum(["1", "2"], { error: "Choose first or second on call." }).transform((v) => (v === "2" ? 2 : 1)),
  startsAt: wallClock("starts"),
  endsAt: wallClock("ends"),
});

export const removeShiftInput = form({ teamId: idField("a care team"), shiftId: idField("a shift") });
