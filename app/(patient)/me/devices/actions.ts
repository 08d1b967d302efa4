"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createDeviceToken, revokeDeviceToken } from "@/db/queries/device-tokens";
import { AppError } from "@/lib/errors";
import { withoutForbiddenCharacters } from "@/lib/text";
import { now } from "@/server/clock";
import { formAction } from "@/server/http/action";

/** Issues a token for the patient's app or home device; the token is shown once and only its hash is kept. */
export const createDevice = formAction({
  name: "device_token_created",
  roles: ["patient"],
  input: z.strictObject({
    name: z
      .string()
      .trim()
      .min(1, "Give the device a name.")
      .max(60, "Use 60 characters or fewer.")
      .refine(...withoutForbiddenCharacters("The device's name")),
  }),
  consent: (_, user) => ({ patientId: user.patientId, categories: ["symptoms"] }),
  run: async ({ name }, { tx, user, annotate }) => {
    const created = await createDeviceToken(tx, { patientId: user.patientId, name, now: now() });
    annotate({ resourceType: "device_token", resourceId: created.id });
    revalidatePath("/me/devices");
    return { id: created.id, name: created.name, token: created.token };
  },
});

/** Revokes a device token; the next request with it is refused. */
export const revokeDevice = formAction({
  name: "device_token_revoked",
  roles: ["patient"],
  input: z.strictObject({ tokenId: z.uuid("Unknown device.") }),
  consent: (_, user) => ({ patientId: user.patientId, categories: ["symptoms"] }),
  run: async ({ tokenId }, { tx, user, annotate }) => {
    annotate({ resourceType: "device_token", resourceId: tokenId });
    const done = await revokeDeviceToken(tx, { patientId: user.patientId, tokenId, now: now() });
    if (!done) throw new AppError("not_found", "That device was already removed.");
    revalidatePath("/me/devices");
    return { id: tokenId };
  },
});
