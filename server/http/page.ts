import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { type PrincipalFor, type Role, requirePageSession } from "@/server/auth/session";
import { type GuardedContext, type GuardSpec, guarded } from "./guard";

/**
 * For server-rendered pages: the session and role are checked (redirecting to sign in), consent is
 * decided, the queries run under withRls and the read is audited. A refused record is a 404.
 */
export async function readForPage<T, const R extends readonly Role[] = readonly Role[]>(
  spec: Omit<GuardSpec, "user" | "allowedRoles"> & { roles: R },
  work: (ctx: GuardedContext<PrincipalFor<R>>) => Promise<T>,
): Promise<T> {
  const user = await requirePageSession(spec.roles);
  try {
    return await guarded({ ...spec, user, allowedRoles: spec.roles }, work);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
