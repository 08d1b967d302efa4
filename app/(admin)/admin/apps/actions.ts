"use server";

import { randomBytes } from "node:crypto";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminFormAction } from "@/app/(admin)/admin/_lib/admin-action";
import { listCareTeams } from "@/db/queries/care-teams";
import { registerBackendClient, registerSmartClient, revokeSmartClient } from "@/db/queries/smart";
import { AppError } from "@/lib/errors";
import { jwksInput, redirectUrisInput } from "@/lib/smart/clients";
import { withoutForbiddenCharacters } from "@/lib/text";
import { isUuid } from "@/lib/uuid";
import { now } from "@/server/clock";

/** Registers a SMART app for the admin's organisation; the answer is its new client_id. */
export const registerApp = adminFormAction({
  name: "smart_client_registered",
  input: z.strictObject({
    name: z
      .string()
      .trim()
      .min(1, "Give the app a name.")
      .max(80, "Use 80 characters or fewer.")
      .refine(...withoutForbiddenCharacters("The app's name")),
    redirectUris: redirectUrisInput,
  }),
  run: async ({ name, redirectUris }, { tx, user, annotate }) => {
    const clientId = `smart-${randomBytes(16).toString("base64url")}`;
    await registerSmartClient(tx, {
      id: clientId,
      organisationId: user.organisationId,
      name,
      redirectUris,
      by: user.userId,
      now: now(),
    });
    annotate({ resourceType: "smart_client", resourceId: clientId });
    revalidatePath("/admin/apps");
    return { clientId, name };
  },
});

/**
 * Registers a backend service (SMART Backend Services) for the admin's organisation: its name, its
 * public key set and the care teams whose patients it reads (as their consent allows those teams).
 * The answer is its new client_id.
 */
export const registerBackendService = adminFormAction({
  name: "backend_service_registered",
  input: z.strictObject({
    name: z
      .string()
      .trim()
      .min(1, "Give the service a name.")
      .max(80, "Use 80 characters or fewer.")
      .refine(...withoutForbiddenCharacters("The service's name")),
    jwks: jwksInput,
    careTeamIds: z
      .union([z.string(), z.array(z.string())], { error: "Choose at least one care team." })
      .transform((v) => [...new Set([v].flat())])
      .pipe(
        z
          .array(z.string().refine(isUuid, "Choose care teams from the list."))
          .min(1, "Choose at least one care team.")
          .max(50, "Choose at most 50 care teams."),
      ),
  }),
  run: async ({ name, jwks, careTeamIds }, { tx, user, annotate }) => {
    // The database refuses another organisation's team too; this says so in a sentence.
    const teams = new Set(
      (await listCareTeams(tx, { organisationId: user.organisationId })).filter((t) => !t.archivedAt).map((t) => t.id),
    );
    if (!careTeamIds.every((id) => teams.has(id))) {
      throw new AppError("invalid_input", "Choose care teams of your organisation.", [
        { field: "careTeamIds", message: "Choose care teams from the list." },
      ]);
    }
    const clientId = `backend-${randomBytes(16).toString("base64url")}`;
    await registerBackendClient(tx, {
      id: clientId,
      organisationId: user.organisationId,
      name,
      jwks,
      careTeamIds,
      by: user.userId,
      now: now(),
    });
    annotate({ resourceType: "smart_client", resourceId: clientId, details: { careTeams: careTeamIds.length } });
    revalidatePath("/admin/apps");
    return { clientId, name };
  },
});

/** Revokes an app; its tokens are refused from the next request on. */
export const revokeApp = adminFormAction({
  name: "smart_client_revoked",
  input: z.strictObject({ clientId: z.string().min(1).max(64) }),
  run: async ({ clientId }, { tx, annotate }) => {
    annotate({ resourceType: "smart_client", resourceId: clientId });
    if (!(await revokeSmartClient(tx, { clientId, now: now() })))
      throw new AppError("not_found", "That app is not registered here, or is already revoked.");
    revalidatePath("/admin/apps");
    return { clientId };
  },
});
