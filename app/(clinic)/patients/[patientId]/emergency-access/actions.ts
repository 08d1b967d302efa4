"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import {
  EMERGENCY_ACCESS_HOURS,
  EMERGENCY_REASON_MAX,
  EMERGENCY_REASON_MIN,
  startEmergencyAccess,
} from "@/db/queries/emergency";
import { forbiddenCharactersMessage, hasForbiddenCharacters } from "@/lib/text";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { formAction } from "@/server/http/action";

const emergencyInput = z.strictObject({
  patientId: z.uuid("We could not find that record."),
  reason: z
    .string({ error: "Say why you need to open this record." })
    .trim()
    .min(EMERGENCY_REASON_MIN, `Say why you need to open this record, in at least ${EMERGENCY_REASON_MIN} characters.`)
    .max(EMERGENCY_REASON_MAX, `Keep the reason under ${EMERGENCY_REASON_MAX} characters.`)
    .refine((text) => !hasForbiddenCharacters(text), forbiddenCharactersMessage("The reason")),
  hours: z.coerce
    .number({ error: "Choose how long you need access for." })
    .refine((h) => (EMERGENCY_ACCESS_HOURS as readonly number[]).includes(h), "Choose how long you need access for."),
});

/**
 * "Break the glass": a clinician of the patient's organisation opens a record they have no consent
 * for. The audit event names the patient, so it appears in the patient's "who has looked at my
 * record"; the access itself is on the admins' list of emergency accesses.
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
    annotate({ resourceType: "emergency_access", resourceId: access.id, details: { hours: input.hours } });
    revalidatePath(`/patients/${input.patientId}`);
    return { patientId: input.patientId, expiresAt: access.expiresAt.toISOString() };
  },
});
