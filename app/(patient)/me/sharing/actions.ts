"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { addConsentRule, listGranteeOptions, revokeConsentRule } from "@/db/queries/consent";
import { checkboxes } from "@/lib/checkboxes";
import { AppError } from "@/lib/errors";
import { DATA_CATEGORIES } from "@/lib/vocabulary";
import { now } from "@/server/clock";
import { formAction } from "@/server/http/action";

const grantInput = z.strictObject({
  grantee: z.string().regex(/^(care_team|staff):[0-9a-f-]{36}$/i, "Choose a care team or a clinician."),
  effect: z.enum(["allow", "deny"], { error: "Choose whether to allow or block access." }),
  categories: checkboxes(DATA_CATEGORIES, {
    none: "Choose at least one part of your record.",
    invalid: "Choose parts of your record from the list.",
    repeated: "Choose each part of your record once.",
  }),
  validUntil: z
    .string()
    .optional()
    .transform((v) => (v ? new Date(`${v}T23:59:59Z`) : null))
    .refine(
      (d) => d === null || (!Number.isNaN(d.getTime()) && d.getTime() > Date.now()),
      "The end date must be in the future.",
    ),
});

/** A patient allows or blocks a care team or a clinician for chosen parts of their record. */
export const grantAccess = formAction({
  name: "consent_rule_added",
  roles: ["patient"],
  input: grantInput,
  consent: (_, user) => ({ patientId: user.patientId, categories: ["demographics"] }),
  run: async (input, { tx, user, annotate }) => {
    const [kind, id] = input.grantee.split(":") as ["care_team" | "staff", string];
    // Only a choice the page offers: a rule naming anyone else would grant nothing, and a stored rule
    // that grants nothing misleads the patient reading their sharing page.
    const offered = await listGranteeOptions(tx);
    if (!offered.some((option) => option.kind === kind && option.id.toLowerCase() === id.toLowerCase())) {
      throw new AppError("invalid_input", "Choose a care team or a clinician from the list.");
    }
    const ruleId = await addConsentRule(tx, {
      patientId: user.patientId,
      grantee: { kind, id },
      effect: input.effect,
      categories: input.categories,
      validUntil: input.validUntil,
      createdBy: user.userId,
      now: now(),
    }).catch((error) => {
      // A grantee outside the patient's organisation fails the policy or the foreign key.
      throw error?.code === "23503" || error?.cause?.code === "23503"
        ? new AppError("invalid_input", "Choose a care team or a clinician from the list.")
        : error;
    });
    annotate({
      resourceType: "consent_rule",
      resourceId: ruleId,
      details: { effect: input.effect, categories: input.categories.join(",") },
    });
    revalidatePath("/me/sharing");
    return { ruleId };
  },
});

/** A patient withdraws one of their rules; it stops applying on the next query anywhere. */
export const revokeRule = formAction({
  name: "consent_rule_revoked",
  roles: ["patient"],
  input: z.strictObject({ ruleId: z.uuid("Unknown rule.") }),
  consent: (_, user) => ({ patientId: user.patientId, categories: ["demographics"] }),
  run: async (input, { tx, user, annotate }) => {
    annotate({ resourceType: "consent_rule", resourceId: input.ruleId });
    const done = await revokeConsentRule(tx, { patientId: user.patientId, ruleId: input.ruleId, now: now() });
    if (!done) throw new AppError("not_found", "That rule was already withdrawn or does not exist.");
    revalidatePath("/me/sharing");
    return { ruleId: input.ruleId };
  },
});
