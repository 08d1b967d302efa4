import { z } from "zod";

const MAX_REDIRECT_URIS = 5;

/**
 * Whether a redirect URI may be registered: https, or http on the loopback address (an app on the
 * user's own computer, RFC 8252); no fragment, as OAuth forbids one.
 */
export function isAcceptableRedirectUri(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.hash || url.username || url.password || value.length > 300) return false;
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

/** The redirect URIs of a registration form: one a line, each acceptable, at most five. */
export const redirectUrisInput = z
  .string()
  .transform((text) => [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(
    z
      .array(z.string())
      .min(1, "Give at least one redirect URI.")
      .max(MAX_REDIRECT_URIS, `Give at most ${MAX_REDIRECT_URIS} redirect URIs.`)
      // On the list, not each line, so the message belongs to the form's one field.
      .refine(
        (uris) => uris.every(isAcceptableRedirectUri),
        "Each redirect URI must be https, or http on localhost, with no fragment.",
      ),
  );
