"use server";

import { revalidatePath } from "next/cache";
import * as rota from "@/db/queries/rota";
import { formatDateTime } from "@/lib/clinic-time";
import { now } from "@/server/clock";
import { formAction } from "@/server/http/action";
import { addShiftInput, removeShiftInput } from "./inputs";

/**
 * Changes to a care team's on-call rota, from its page on the clinic side (a team lead) or the
 * admin side (an admin of the organisation). The database lets only them write it
 * (db/sql/rota.sql); each change is in the audit trail with the team as its resource, naming the
 * person, the position and the times.
 */

const ROTA_ROLES = ["admin", "oncologist", "nurse"] as const;

function refresh(teamId: string) {
  revalidatePath(`/teams/${teamId}/rota`);
  revalidatePath(`/admin/care-teams/${teamId}`, "layout");
}

const positionWords = (position: 1 | 2) => (position === 1 ? "first on call" : "second on call");

/** What the audit trail keeps of a shift added or removed. */
function shiftDetails(shift: { position: number; userId: string; startsAt: Date; endsAt: Date }) {
  return {
    position: shift.position,
    onCallUserId: shift.userId,
    startsAt: shift.startsAt.toISOString(),
    endsAt: shift.endsAt.toISOString(),
  };
}

export const addOnCallShift = formAction({
  name: "on_call_shift_added",
  roles: ROTA_ROLES,
  input: addShiftInput,
  run: async (input, { tx, user, annotate }) => {
    const shift = await rota.addShift(tx, { ...input, organisationId: user.organisationId, now: now() });
    annotate({ resourceType: "care_team", resourceId: input.teamId, details: shiftDetails(shift) });
    refresh(input.teamId);
    return {
      message: `Added: ${shift.name}, ${positionWords(shift.position)} from ${formatDateTime(shift.startsAt)} to ${formatDateTime(shift.endsAt)}.`,
    };
  },
});

export const removeOnCallShift = formAction({
  name: "on_call_shift_removed",
  roles: ROTA_ROLES,
  input: removeShiftInput,
  run: async (input, { tx, user, annotate }) => {
    const shift = await rota.removeShift(tx, { ...input, organisationId: user.organisationId });
    annotate({ resourceType: "care_team", resourceId: input.teamId, details: shiftDetails(shift) });
    refresh(input.teamId);
    return { message: "Shift removed." };
  },
});
