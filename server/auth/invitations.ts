import "server-only";
import { z } from "zod";
import type { Database } from "@/db/client";
import { findInvitation, type InvitationFacts, isLinkTokenShaped, redeemInvitation } from "@/db/queries/auth";
import { runWithRls } from "@/db/rls";
import { type FieldError, fieldErrors } from "@/lib/field-errors";
import { hashPassword } from "./password";
import { PASSWORD_MAX_LENGTH, passwordProblem } from "./password-policy";

export const LINK_MESSAGES = {
  invalid: "This link is not valid. Check that you copied all of it, or ask for a new one.",
  expired:
    "This link has expired (links last 72 hours). Ask your administrator, or your care team if you are a patient, for a new one.",
  used: "This link has already been used. If that was not you, ask your administrator or care team for a new one.",
} as const;

export type LinkState = { status: "valid"; link: InvitationFacts } | { status: keyof typeof LINK_MESSAGES };

/** What a one-time link (activation or password reset) can do now. Opening it changes nothing. */
export async function describeLink(db: Database, token: unknown, at: Date): Promise<LinkState> {
  if (!isLinkTokenShaped(token)) return { status: "invalid" };
  const link = await runWithRls(db, { userId: null }, (tx) => findInvitation(tx, token));
  if (!link || link.deactivated) return { status: "invalid" };
  if (link.usedAt) return { status: "used" };
  if (link.expiresAt.getTime() <= at.getTime()) return { status: "expired" };
  return { status: "valid", link };
}

/** Exactly these three fields. Lengths are capped here so an oversized value is refused before hashing. */
export const activationInput = z
  .object({
    token: z.string({ error: LINK_MESSAGES.invalid }).max(100, LINK_MESSAGES.invalid),
    password: z
      .string({ error: "Enter a password." })
      .max(PASSWORD_MAX_LENGTH * 4, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
    confirm: z
      .string({ error: "Enter the password again." })
      .max(PASSWORD_MAX_LENGTH * 4, "The two passwords do not match."),
  })
  .strict();

export type ActivationResult =
  | { ok: true; purpose: "activate" | "reset"; email: string }
  | { ok: false; status: 400 | 404 | 410; message: string; fields?: FieldError[] };

/**
 * Sets the password through a one-time link (a new account's activation, or a reset), once. The
 * account's other open links are spent, any lock is lifted and its sessions end. The person then
 * signs in with the new password, which leads staff through setting up the second factor.
 */
export async function activateWithLink(db: Database, raw: unknown, at: Date): Promise<ActivationResult> {
  const parsed = activationInput.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      status: 400,
      message: "Please correct the highlighted fields.",
      fields: fieldErrors(parsed.error),
    };
  }
  const { token, password, confirm } = parsed.data;
  const state = await describeLink(db, token, at);
  if (state.status !== "valid") {
    return { ok: false, status: state.status === "invalid" ? 404 : 410, message: LINK_MESSAGES[state.status] };
  }
  const problem = passwordProblem(password, state.link.email);
  if (problem) return { ok: false, status: 400, message: problem, fields: [{ field: "password", message: problem }] };
  if (confirm !== password) {
    const message = "The two passwords do not match.";
    return { ok: false, status: 400, message, fields: [{ field: "confirm", message }] };
  }

  const passwordHash = await hashPassword(password);
  // Redeeming the link records it in the audit trail too (app.redeem_invitation).
  const redeemed = await runWithRls(db, { userId: null }, (tx) => redeemInvitation(tx, { token, passwordHash }));
  if (!redeemed) return { ok: false, status: 410, message: LINK_MESSAGES.used };
  return { ok: true, purpose: redeemed.purpose, email: state.link.email };
}
