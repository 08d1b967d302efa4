/**
 * The organisation's escalation contacts as an admin chooses them on the settings page, through the
 * app's own action: only the organisation's active nurses and oncologists can be named, only an
 * admin names them, the other settings stay as they were, and each change is audited with the list
 * before and after.
 */
import { sql } from "drizzle-orm";
import { describe, expect, test, vi } from "vitest";

const app = await vi.hoisted(() => import("./support/signed-in-app"));
vi.mock("next-auth", () => app.nextAuth);
vi.mock("@/server/database", () => app.serverDatabase);
vi.mock("next/cache", () => app.nextCache);

import { updateEscalationContacts } from "../app/(admin)/admin/actions";
import { listOrganisationClinicians } from "../db/queries/organisation-settings";
import { runWithRls } from "../db/rls";
import { rowsOf } from "./support/database";
import { ORG, USER } from "./support/fixtures";
import { appDatabaseWithSessions, signedInAs } from "./support/signed-in-app";

const db = appDatabaseWithSessions("escalation_contacts", ["adminA", "nurseA1"]);

function contacts(...ids: string[]) {
  const data = new FormData();
  for (const id of ids) data.append("contactIds", id);
  return data;
}

async function settingsOfA() {
  const [row] = await db.asOwner((o) =>
    rowsOf<{ settings: { notifications?: { escalationContactIds?: string[] }; hospitalLine?: string } }>(
      o,
      sql`select settings from organisations where id = ${ORG.A}`,
    ),
  );
  return row.settings;
}

describe("escalation contacts", () => {
  test("the organisation's clinicians are offered, each once, and no admin-only account", async () => {
    const offered = await runWithRls(db.runtime, { userId: USER.adminA }, (tx) =>
      listOrganisationClinicians(tx, { organisationId: ORG.A }),
    );
    expect(offered.map((c) => c.userId).sort()).toEqual(
      [USER.oncologistA1, USER.nurseA1, USER.nurseA2, USER.adminOncologistA].sort(),
    );
  });

  test("an admin names two clinicians; the ladder's setting holds them, the rest is kept, and the change is audited", async () => {
    const before = await settingsOfA();
    signedInAs("adminA");
    const result = await updateEscalationContacts(null, contacts(USER.oncologistA1, USER.nurseA2));
    expect(result).toMatchObject({ ok: true, data: { changed: ["notifications.escalationContactIds"] } });
    const after = await settingsOfA();
    expect(after.notifications?.escalationContactIds).toEqual([USER.oncologistA1, USER.nurseA2]);
    expect({ ...after, notifications: undefined }).toEqual({ ...before, notifications: undefined });
    const [event] = await db.asOwner((o) =>
      rowsOf<{ actor_user_id: string; details: Record<string, string> }>(
        o,
        sql`select actor_user_id, details from audit_events
            where action = 'organisation_settings_changed' order by id desc limit 1`,
      ),
    );
    expect(event.actor_user_id).toBe(USER.adminA);
    expect(event.details).toMatchObject({
      changed: "notifications.escalationContactIds",
      "before.notifications.escalationContactIds": "[]",
      "after.notifications.escalationContactIds": JSON.stringify([USER.oncologistA1, USER.nurseA2]),
    });
  });

  test("someone who is not a clinician of the organisation is refused on the field, and nothing changes", async () => {
    signedInAs("adminA");
    const before = await settingsOfA();
    for (const outsider of [USER.nurseB, USER.adminA, USER.patientP1]) {
      const result = await updateEscalationContacts(null, contacts(USER.nurseA1, outsider));
      expect(result).toMatchObject({ ok: false, code: "invalid_input" });
      if (!result.ok) expect(result.fields?.[0]?.field).toBe("contactIds");
    }
    expect(await updateEscalationContacts(null, contacts("not-an-id"))).toMatchObject({
      ok: false,
      fields: [{ field: "contactIds", message: "Choose escalation contacts from the list." }],
    });
    expect(await settingsOfA()).toEqual(before);
  });

  test("a nurse cannot change them; an admin can clear them", async () => {
    signedInAs("nurseA1");
    expect(await updateEscalationContacts(null, contacts(USER.nurseA1))).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    signedInAs("adminA");
    expect(await updateEscalationContacts(null, contacts())).toMatchObject({ ok: true });
    expect((await settingsOfA()).notifications?.escalationContactIds).toEqual([]);
  });
});
