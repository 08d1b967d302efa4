import "server-only";
import { eq } from "drizzle-orm";
import type { Locale } from "@/lib/i18n/locales";
import type { Tx } from "../client";
import { users } from "../schema";

export type SaveOwnLanguageParams = { userId: string; locale: Locale };

/**
 * Saves the language the signed-in person reads the app in. Their own account only: the policy
 * lets admins update colleagues' rows, but app.own_locale_only (db/sql/auth.sql) refuses anyone
 * else's language.
 */
export async function saveOwnLanguage(tx: Tx, { userId, locale }: SaveOwnLanguageParams): Promise<void> {
  await tx.update(users).set({ locale }).where(eq(users.id, userId));
}
