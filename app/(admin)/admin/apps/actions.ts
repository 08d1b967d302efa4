"use server";

import { randomBytes } from "node:crypto";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminFormAction } from "@/app/(admin)/admin/_lib/admin-action";
import { registerSmartClient, revokeSmartClient } from "@/db/queries/smart";
import { AppError } from "@/lib/errors";
import { redirectUrisInput } from "@/lib/smart/clients";
import { withoutForbiddenCharacters } from "@/lib/text";
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
