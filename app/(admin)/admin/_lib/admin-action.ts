import "server-only";
import type { z } from "zod";
import type { Actor } from "@/db/queries/admin-guards";
import type { SessionUser } from "@/server/auth/session";
import { type ActionResult, type ActionSpec, formAction } from "@/server/http/action";

/** What an admin form's action answers; `null` before the first submission. */
export type AdminFormState<T> = ActionResult<T> | null;

/** An admin-only form action: `formAction()` with the role `admin`. */
export function adminFormAction<S extends z.ZodType, T>(spec: Omit<ActionSpec<S, T>, "roles">) {
  return formAction({ ...spec, roles: ["admin"] });
}

/** The admin acting, for db/queries/admin.ts. */
export const actorOf = (user: SessionUser): Actor => ({ userId: user.userId, organisationId: user.organisationId });
