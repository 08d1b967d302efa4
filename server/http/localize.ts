import "server-only";
import type { FieldError } from "@/lib/field-errors";
import { translateErrorText, translateFieldErrors } from "@/lib/i18n/error-messages";
import { localeOfRequest } from "@/server/i18n/locale";
import { problem } from "./problem";

/**
 * A route's own refusal (one the front door does not raise, e.g. a link that has expired) in the
 * language of the request: the sign-in page's choice or the browser's.
 */
export function problemForRequest(
  request: Request,
  status: number,
  title: string,
  options: { errors?: readonly FieldError[]; headers?: Record<string, string> } = {},
): Response {
  const locale = localeOfRequest(request, {});
  return problem(status, translateErrorText(title, locale), {
    ...options,
    errors: translateFieldErrors(options.errors, locale),
  });
}
