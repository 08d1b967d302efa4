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

const MAX_KEYS = 5;

/** One public key a backend service signs its assertions with: RSA (RS384) or P-384 (ES384). */
const publicJwk = z.union([
  z.looseObject({
    kty: z.literal("RSA"),
    kid: z.string().min(1).max(200),
    n: z.string().min(300).max(2000),
    e: z.string().min(1).max(20),
    alg: z.literal("RS384").optional(),
  }),
  z.looseObject({
    kty: z.literal("EC"),
    kid: z.string().min(1).max(200),
    crv: z.literal("P-384"),
    x: z.string().min(1).max(200),
    y: z.string().min(1).max(200),
    alg: z.literal("ES384").optional(),
  }),
]);

/** The members of a private JWK; none may be pasted, since the key would then no longer be the service's alone. */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/**
 * A backend service's public JWK Set, pasted as JSON: `{"keys": [...]}` with one to five public keys
 * (RSA of at least 2048 bits for RS384, or EC P-384 for ES384), each with a `kid`. A private key is
 * refused. The answer keeps only the public members each key needs.
 */
export const jwksInput = z
  .string()
  .max(20_000, "The key set is too long.")
  .transform((text, ctx) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: "custom", message: 'Paste the key set as JSON: {"keys": [...]}.' });
      return z.NEVER;
    }
    const keys = (parsed as { keys?: unknown } | null)?.keys;
    const refuse = (message: string) => {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    if (!Array.isArray(keys) || keys.length === 0) return refuse('The key set has no key: {"keys": [...]}.');
    if (keys.length > MAX_KEYS) return refuse(`Give at most ${MAX_KEYS} keys.`);
    if (keys.some((k) => typeof k === "object" && k !== null && PRIVATE_MEMBERS.some((m) => m in k))) {
      return refuse("This is a private key: paste only the public key set. The private key stays with the service.");
    }
    const checked = z.array(publicJwk).safeParse(keys);
    if (!checked.success) {
      return refuse(
        "Each key must be a public RSA key (RS384, 2048 bits or more) or EC P-384 key (ES384), with a kid.",
      );
    }
    if (new Set(checked.data.map((k) => k.kid)).size !== checked.data.length)
      return refuse("Each key needs its own kid.");
    // Only the public members each key needs are kept.
    return {
      keys: checked.data.map((k) =>
        k.kty === "RSA"
          ? { kty: k.kty, kid: k.kid, n: k.n, e: k.e, alg: "RS384", use: "sig" }
          : { kty: k.kty, kid: k.kid, crv: k.crv, x: k.x, y: k.y, alg: "ES384", use: "sig" },
      ),
    };
  });
