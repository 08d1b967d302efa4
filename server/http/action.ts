import "server-only";
import type { z } from "zod";
import type { AuditAction } from "@/lib/audit/actions";
import { AppError } from "@/lib/errors";
import { type FieldError, fieldErrors } from "@/lib/field-errors";
import { localizeError, translateErrorText } from "@/lib/i18n/error-messages";
import type { Locale } from "@/lib/i18n/locales";
import { type PrincipalFor, type Role, requireSession } from "@/server/auth/session";
import { requestLocale } from "@/server/i18n/locale";
import { log } from "@/server/log";
import { type ConsentNeed, type GuardedContext, guarded } from "./guard";
import { userFacingError } from "./messages";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; code: string; fields?: FieldError[] };

export type ActionSpec<S extends z.ZodType, T, R extends readonly Role[] = readonly Role[]> = {
  /** The audit action recorded for every call, e.g. `alert_acknowledged`. */
  name: AuditAction;
  /** Who may call it; the principal `run` receives is narrowed to match (`["patient"]` gives a PatientUser). */
  roles: R;
  input: S;
  /** Which patient and categories this action touches, derived from the validated input. */
  consent?: (input: z.infer<S>, user: PrincipalFor<R>) => ConsentNeed;
  run: (input: z.infer<S>, ctx: GuardedContext<PrincipalFor<R>>) => Promise<T>;
};

/**
 * The one wrapper every server action goes through: who (session and role), what (zod), then do
 * (consent, withRls, audit). Users get a plain sentence; details go to the server log.
 */
export function action<S extends z.ZodType, T, const R extends readonly Role[]>(spec: ActionSpec<S, T, R>) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    try {
      const user = await requireSession(spec.roles);
      const parsed = spec.input.safeParse(raw);
      if (!parsed.success) {
        throw new AppError("invalid_input", "Please correct the highlighted fields.", fieldErrors(parsed.error));
      }
      const input = parsed.data;
      const data = await guarded(
        { user, allowedRoles: spec.roles, auditAction: spec.name, consent: spec.consent?.(input, user) },
        (ctx) => spec.run(input, ctx),
      );
      return { ok: true, data };
    } catch (error) {
      const appError = localizeError(userFacingError(error), await readerLocale());
      if (appError.code === "internal" || appError.code === "unavailable")
        log.error(`action ${spec.name} failed`, error);
      return { ok: false, error: appError.message, code: appError.code, fields: appError.fields };
    }
  };
}

/** The language of the person calling; English when it cannot be told (no request, no database). */
async function readerLocale(): Promise<Locale> {
  try {
    return await requestLocale();
  } catch {
    return "en";
  }
}

/** A form's text fields as an object; a name given more than once (checkboxes) becomes an array. */
export function formDataToObject(formData: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue; // React's own bookkeeping fields
    const values = formData.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = values.length > 1 ? values : (values[0] ?? "");
  }
  return out;
}

/**
 * Adapts an action to React's useActionState with a <form>: the form's fields become the input. A
 * server action can be called with any serialisable arguments, so what arrives is checked to be a
 * form at all: a hostile caller's plain object or number is refused, not a crash.
 */
export function formAction<S extends z.ZodType, T, const R extends readonly Role[]>(spec: ActionSpec<S, T, R>) {
  const run = action(spec);
  return async (_previous: ActionResult<T> | null | unknown, formData: FormData): Promise<ActionResult<T>> => {
    if (!(formData instanceof FormData)) {
      return {
        ok: false,
        code: "invalid_input",
        error: translateErrorText(
          "This request was not a form submission, so nothing was changed.",
          await readerLocale(),
        ),
      };
    }
    return run(formDataToObject(formData));
  };
}
