import "server-only";
import type { z } from "zod";
import type { Actor } from "@/db/queries/admin";
import { type ActionResult, type ActionSpec, action, formDataToObject } from "@/lib/actions/action";
import type { SessionUser } from "@/lib/auth/session";

/** What an admin form's action answers; `null` before the first submission. */
export type AdminFormState<T> = ActionResult<T> | null;

/**
 * An admin-only form action: `action()` (session, role `admin`, zod, withRls, audit) behind a
 * check that what arrived is a form at all. A server action can be called with any serialisable
 * arguments, and a hostile caller's plain object or number must be refused, not crash.
 */
export function adminFormAction<S extends z.ZodType, T>(spec: Omit<ActionSpec<S, T>, "roles">) {
  const run = action({ ...spec, roles: ["admin"] });
  return async (_previous: AdminFormState<T> | unknown, formData: FormData): Promise<ActionResult<T>> => {
    if (!(formData instanceof FormData)) {
      return {
        ok: false,
        code: "invalid_input",
        error: "This request was not a form submission, so nothing was changed.",
      };
    }
    return run(formDataToObject(formData));
  };
}

/** The admin acting, for db/queries/admin.ts. */
export const actorOf = (user: SessionUser): Actor => ({ userId: user.userId, organisationId: user.organisationId });
