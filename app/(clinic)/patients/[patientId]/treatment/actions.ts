"use server";

import { revalidatePath } from "next/cache";
import { savePlan } from "@/db/queries/treatment-changes";
import { savePlanInput } from "@/lib/treatment/input";
import { describeChange } from "@/lib/treatment/plan";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { now } from "@/server/clock";
import { action } from "@/server/http/action";

/**
 * A nurse or oncologist saves the treatment plan: a new plan, or the next version of the current
 * one. Needs the patient's consent for `treatment` (or an emergency access); the version the editor
 * showed must still be the current one.
 */
export const savePlanAction = action({
  name: "treatment_plan_updated",
  roles: CLINICAL_ROLES,
  input: savePlanInput,
  consent: (input) => ({ patientId: input.patientId, categories: ["treatment"] }),
  run: async (input, { tx, user, annotate }) => {
    const { patientId, planId, version, reason, decidedBy, ...plan } = input;
    const saved = await savePlan(tx, {
      patientId,
      planId,
      expectedVersion: version,
      plan,
      reason,
      decidedBy,
      changedBy: user.userId,
      now: now(),
    });
    // Codes and counts only: no drug, dose or reason in the audit trail.
    annotate({
      resourceType: "treatment_plan",
      resourceId: saved.planId,
      details: { version: saved.version, changes: saved.changes.length, created: planId === null },
    });
    revalidatePath(`/patients/${patientId}`);
    revalidatePath(`/patients/${patientId}/treatment`);
    return { planId: saved.planId, version: saved.version, changes: saved.changes.map(describeChange) };
  },
});
