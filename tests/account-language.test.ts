/**
 * The language a person reads the app in is theirs alone to choose: the request role saves it on
 * the caller's own account, and not on anyone else's, an admin's colleagues included.
 */
import { sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { saveOwnLanguage } from "../db/queries/account-language";
import { rowsOf } from "./support/database";
import { as, PERMISSION_DENIED, sqlState, USER } from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("account_language");

const localeOf = async (userId: string) =>
  (await db.asOwner((o) => rowsOf<{ locale: string | null }>(o, sql`select locale from users where id = ${userId}`)))[0]
    ?.locale;

describe("a person's language", () => {
  test("a patient and a nurse each save their own", async () => {
    await as(db, USER.patientP1, (tx) => saveOwnLanguage(tx, { userId: USER.patientP1, locale: "ca" }));
    await as(db, USER.nurseA1, (tx) => saveOwnLanguage(tx, { userId: USER.nurseA1, locale: "nl" }));
    expect(await localeOf(USER.patientP1)).toBe("ca");
    expect(await localeOf(USER.nurseA1)).toBe("nl");
  });

  test("an admin, who may rename a colleague, may not choose her language", async () => {
    const before = await localeOf(USER.nurseA2);
    let state: string | undefined;
    try {
      await as(db, USER.adminA, (tx) => tx.execute(sql`update users set locale = 'es' where id = ${USER.nurseA2}`));
    } catch (error) {
      state = sqlState(error);
    }
    expect(state).toBe(PERMISSION_DENIED);
    expect(await localeOf(USER.nurseA2)).toBe(before);
  });

  test("nobody changes a patient's language but the patient: the row is not even theirs to update", async () => {
    await as(db, USER.nurseA1, (tx) => tx.execute(sql`update users set locale = 'es' where id = ${USER.patientP1}`));
    expect(await localeOf(USER.patientP1)).toBe("ca");
  });

  test("a language the app does not speak is refused", async () => {
    let state: string | undefined;
    try {
      await as(db, USER.nurseA1, (tx) => tx.execute(sql`update users set locale = 'de' where id = ${USER.nurseA1}`));
    } catch (error) {
      state = sqlState(error);
    }
    expect(state).toBe("23514");
  });
});
