"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireSession } from "@/server/auth/session";
import { guarded } from "@/server/http/guard";
import { siteOrigin } from "@/server/http/origin";
import { answerAuthorization } from "@/server/smart/interaction";

const SMART_USER_ROLES = ["patient", "oncologist", "nurse"] as const;

const answerInput = z.strictObject({ uid: z.string().min(1).max(64), decision: z.enum(["allow", "deny"]) });

/**
 * The signed-in user's answer to an app's request for access, then back to the OAuth server. The
 * answer is stored before the audit event is written: the OAuth server keeps it in its own
 * transactions, which must not wait inside the request's.
 */
export async function answerApp(formData: FormData): Promise<void> {
  const user = await requireSession(SMART_USER_ROLES);
  const parsed = answerInput.safeParse({ uid: formData.get("uid"), decision: formData.get("decision") });
  if (!parsed.success) redirect("/");
  const site = siteOrigin(await headers()) ?? "";
  const allow = parsed.data.decision === "allow";
  const answered = await answerAuthorization(site, parsed.data.uid, user, allow);
  await guarded(
    {
      user,
      allowedRoles: SMART_USER_ROLES,
      auditAction: allow ? "smart_app_authorised" : "smart_app_refused",
      resourceType: "smart_client",
      resourceId: answered.clientId,
    },
    async ({ annotate }) => annotate({ details: { scopes: answered.scopes.join(" ") } }),
  );
  redirect(answered.returnTo);
}
