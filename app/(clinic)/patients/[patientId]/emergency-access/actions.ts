"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { EMERGENCY_REASON_MAX, EMERGENCY_REASON_MIN, startEmergencyAccess } from "@/db/queries/emergency";
import { EMERGENCY_ACCESS_MAX_HOURS } from "@/lib/consent/emergency-limits";
import { withoutForbiddenCharacters } from "@/lib/text";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { formAction } from "@/server/http/action";

const emergencyInput = z.strictObject({
  patientId: z.uuid("We could not find that record."),
  reason: z
    .string({ error: "Say why you need to open this record." })
    .trim()
    .min(EMERGENCY_REASON_MIN, `Say why you need to open this record, in at least ${EMERGENCY_REASON_MIN} characters.`)
    .max(EMERGENCY_REASON_MAX, `Keep the reason under ${EMERGENCY_REASON_MAX} characters.`)
    .refine(...withoutForbiddenCharacters("The reason")),
  // At most four hours; the organisation's lower limit, if any, is checked with the record's
  // organisation (db/queries/emergency.ts) and again by the database.
  hours: z.coerce
    .number({ error: "Choose how long you need access for." })
    .int("Choose how long you need access for.")
    .min(1, "Choose how long you need access for.")
    .max(EMERGENCY_ACCESS_MAX_HOURS, `An emergency access can last at most ${EMERGENCY_ACCESS_MAX_HOURS} hours.`),
});

/**
 * "Break the glass": a clinician of the patient's organisation opens a record they have no consent
 * for, for at most four hours (or the organisation's lower limit). A renewal needs a new reason and
 * is flagged. The audit event names the patient, so it appears in the patient's "who has looked at
 * my record"; the access itself (without the reason) is on the admins' list of emergency accesses.
 */
export const startEmergencyAccessAction = formAction({
  name: "emergency_access_started",
  roles: CLINICAL_ROLES,
  input: emergencyInput,
  // No category is needed to ask: the point is that there is no consent yet.
  consent: (input) => ({ patientId: input.patientId, categories: [] }),
  run: async (input, { tx, user, annotate }) => {
    const access = await startEmergencyAccess(tx, {
      userId: user.userId,
      patientId: input.patientId,
      reason: input.reason,
      hours: input.hours,
    });
    annotate({
      resourceType: "emergency_access",
      resourceId: access.id,
      details: { hours: input.hours, renewal: access.renewal },
    });
    revalidatePath(`/patients/${input.patientId}`);
    return { patientId: input.patientId, expiresAt: access.expiresAt.toISOString() };
  },
});
