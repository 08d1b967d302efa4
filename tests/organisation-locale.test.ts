/**
 * The organisation's default language as an admin sets it on the settings page, through the app's
 * own action: only one of the four languages, only by an admin (the database refuses anyone else
 * too), audited with the value before and after, and carried by each of its people's sessions to
 * the locale resolution.
 */
import { sql } from "drizzle-orm";
import { describe, expect, test, vi } from "vitest";

const app = await vi.hoisted(() => import("./support/signed-in-app"));
vi.mock("next-auth", () => app.nextAuth);
vi.mock("@/server/database", () => app.serverDatabase);
vi.mock("next/cache", () => app.nextCache);

import { updateDefaultLocale } from "../app/(admin)/admin/actions";
import { findSessionPrincipal } from "../db/queries/sessions";
import { runWithRls } from "../db/rls";
import { resolveLocale } from "../lib/i18n/resolve";
import { rowsOf } from "./support/database";
import { ORG, USER } from "./support/fixtures";
import { appDatabaseWithSessions, SESSION, signedInAs } from "./support/signed-in-app";

const db = appDatabaseWithSessions("organisation_locale", ["adminA", "nurseA1"]);

const chosen = (locale: string) => {
  const data = new FormData();
  data.set("locale", locale);
  return data;
};

async function defaultLocaleOf(organisationId: string) {
  const [row] = await db.asOwner((o) =>
    rowsOf<{ default_locale: string | null }>(
      o,
      sql`select default_locale from organisations where id = ${organisationId}`,
    ),
  );
  return row.default_locale;
}

describe("the organisation's default language", () => {
  test("an admin sets Dutch: it is stored, audited with the value before and after, and a second save changes nothing", async () => {
    signedInAs("adminA");
    expect(await updateDefaultLocale(null, chosen("nl"))).toMatchObject({
      ok: true,
      data: { changed: ["defaultLocale"], locale: "nl" },
    });
    expect(await defaultLocaleOf(ORG.A)).toBe("nl");
    const [event] = await db.asOwner((o) =>
      rowsOf<{ actor_user_id: string; details: Record<string, string> }>(
        o,
        sql`select actor_user_id, details from audit_events
            where action = 'organisation_settings_changed' order by id desc limit 1`,
      ),
    );
    expect(event.actor_user_id).toBe(USER.adminA);
    expect(event.details).toMatchObject({
      changed: "defaultLocale",
      "before.defaultLocale": "en",
      "after.defaultLocale": "nl",
    });
    expect(await updateDefaultLocale(null, chosen("nl"))).toMatchObject({ ok: true, data: { changed: [] } });
  });

  test("a language the app does not speak is refused on the field, and nothing changes", async () => {
    signedInAs("adminA");
    const before = await defaultLocaleOf(ORG.A);
    for (const locale of ["de", "", "NL", "nl-NL"]) {
      const result = await updateDefaultLocale(null, chosen(locale));
      expect(result).toMatchObject({ ok: false, code: "invalid_input" });
      if (!result.ok)
        expect(result.fields?.[0]).toEqual({ field: "locale", message: "Choose one of the languages offered." });
    }
    expect(await defaultLocaleOf(ORG.A)).toBe(before);
  });

  test("a nurse cannot set it, by the action or by SQL under her own row-level security", async () => {
    signedInAs("nurseA1");
    const before = await defaultLocaleOf(ORG.A);
    expect(await updateDefaultLocale(null, chosen("es"))).toMatchObject({ ok: false, code: "forbidden" });
    const updated = await runWithRls(db.runtime, { userId: USER.nurseA1 }, (tx) =>
      rowsOf(tx, sql`update organisations set default_locale = 'es' where id = ${ORG.A} returning id`),
    );
    expect(updated).toEqual([]);
    expect(await defaultLocaleOf(ORG.A)).toBe(before);
  });

  test("the database refuses a language outside the four", async () => {
    await expect(
      db.asOwner((o) => o.execute(sql`update organisations set default_locale = 'fr' where id = ${ORG.A}`)),
    ).rejects.toThrow();
  });

  test("each of its people's sessions carries it, and it is used after the person's choice and the browser's", async () => {
    await db.asOwner((o) => o.execute(sql`update organisations set default_locale = 'ca' where id = ${ORG.A}`));
    const principal = await runWithRls(db.runtime, { sessionToken: SESSION.nurseA1.token }, (tx, sessionId) =>
      sessionId ? findSessionPrincipal(tx, sessionId) : Promise.resolve(null),
    );
    expect(principal?.organisationLocale).toBe("ca");
    const hints = { organisationLocale: principal?.organisationLocale };
    expect(resolveLocale({ ...hints, acceptLanguage: "fr-FR,fr;q=0.9" })).toBe("ca");
    expect(resolveLocale({ ...hints, acceptLanguage: "es-ES" })).toBe("es");
    expect(resolveLocale({ ...hints, userLocale: "nl", acceptLanguage: "es-ES" })).toBe("nl");
  });
});
