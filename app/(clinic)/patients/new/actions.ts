"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { enrolPatient } from "@/db/queries/patients";
import { checkboxes } from "@/lib/checkboxes";
import { AppError } from "@/lib/errors";
import { withoutForbiddenCharacters } from "@/lib/text";
import { clinicDate, isIsoDate } from "@/lib/treatment/dates";
import { CLINICAL_ROLES, DATA_CATEGORIES, isClinicalRole } from "@/lib/vocabulary";
import { now } from "@/server/clock";
import { formAction } from "@/server/http/action";

const name = (what: string) =>
  z
    .string({ error: `Enter the patient's ${what}.` })
    .trim()
    .min(1, `Enter the patient's ${what}.`)
    .max(80, `Keep the ${what} under 80 characters.`)
    .refine(...withoutForbiddenCharacters(`The ${what}`));

const enrolInput = z.strictObject({
  patientId: z.uuid("Please reload the page and try again."),
  givenName: name("given name"),
  familyName: name("family name"),
  hospitalNumber: z
    .string({ error: "Enter the hospital number." })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9-]{3,20}$/, "Enter the hospital number: 3 to 20 letters, digits or dashes."),
  dateOfBirth: z
    .string({ error: "Enter the date of birth." })
    .refine(isIsoDate, "Enter the date of birth.")
    .refine((d) => d >= "1900-01-01" && d <= clinicDate(now()), "The date of birth must be a past date."),
  diagnosis: z
    .string({ error: "Enter the diagnosis." })
    .trim()
    .min(1, "Enter the diagnosis.")
    .max(200, "Keep the diagnosis under 200 characters.")
    .refine(...withoutForbiddenCharacters("The diagnosis")),
  careTeamId: z.uuid("Choose the care team."),
  email: z
    .string({ error: "Enter the patient's email address." })
    .trim()
    .max(200, "Keep the email address under 200 characters.")
    .pipe(z.email("Enter the patient's email address, like name@example.com.")),
  categories: checkboxes(DATA_CATEGORIES, {
    none: "Choose at least one part of the record the patient agrees to share.",
    invalid: "Choose parts of the record from the list.",
    repeated: "Choose each part of the record once.",
  }),
});

/**
 * A nurse or oncologist enrols a patient into one of their care teams: the record, the care team's
 * consent rule for what the patient agreed to share, the patient's own account and a one-time link
 * for the patient to activate it.
 */
export const enrolPatientAction = formAction({
  name: "patient_enrolled",
  roles: CLINICAL_ROLES,
  input: enrolInput,
  // The record does not exist yet; naming it puts the enrolment in the patient's access log.
  consent: (input) => ({ patientId: input.patientId, categories: [] }),
  run: async (input, { tx, user, annotate }) => {
    const membership = user.memberships.find((m) => m.careTeamId === input.careTeamId && isClinicalRole(m.role));
    if (!membership) {
      throw new AppError("invalid_input", "Choose one of your care teams.", [
        { field: "careTeamId", message: "Choose one of your care teams." },
      ]);
    }
    const enrolment = await enrolPatient(tx, {
      patientId: input.patientId,
      organisationId: membership.organisationId,
      careTeamId: input.careTeamId,
      hospitalNumber: input.hospitalNumber,
      givenName: input.givenName,
      familyName: input.familyName,
      dateOfBirth: input.dateOfBirth,
      diagnosis: input.diagnosis,
      email: input.email,
      categories: input.categories,
      enrolledBy: user.userId,
      now: now(),
    });
    annotate({ details: { careTeamId: input.careTeamId, categories: input.categories.join(",") } });
    revalidatePath("/patients");
    return {
      patientId: enrolment.patientId,
      name: `${input.givenName} ${input.familyName}`,
      invitationPath: enrolment.invitation.path,
      expiresAt: enrolment.invitation.expiresAt.toISOString(),
    };
  },
});
