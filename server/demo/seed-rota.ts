import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import * as t from "@/db/schema";
import { stableId } from "@/db/stable-id";
import { DEMO_ORG_ID, DEMO_TEAMS, demoStaffId } from "./seed";

const DAY = 24 * 60 * 60 * 1000;

/** Who holds the bleep in the demo: each team's nurse first, its oncologist second. */
export const DEMO_ROTA = [
  { team: "breast", first: "nurse1", second: "oncologist1" },
  { team: "lung", first: "nurse2", second: "oncologist2" },
] as const;

/** The demo centre's escalation contacts: its two consultants. */
export const DEMO_ESCALATION_CONTACTS = ["oncologist1", "oncologist2"] as const;

/** How long the demo's rota runs, in weekly shifts (the longest the rota pages allow). */
const DEMO_ROTA_WEEKS = 13;

/**
 * The demo's on-call rota (weekly shifts from a day before `now` for 13 weeks, per team and
 * position) and its escalation contacts, so that a red report in `npm run dev` walks the whole
 * escalation ladder into the development mailbox. Skips what is already there.
 */
export async function seedDemoRota(db: Database, now = new Date()): Promise<void> {
  const existing = await db
    .select({ id: t.onCallShifts.id })
    .from(t.onCallShifts)
    .where(eq(t.onCallShifts.organisationId, DEMO_ORG_ID))
    .limit(1);
  if (existing.length > 0) return;
  const first = now.getTime() - DAY;
  await db.transaction(async (tx) => {
    await tx.insert(t.onCallShifts).values(
      DEMO_ROTA.flatMap(({ team, first: firstOnCall, second }) =>
        [firstOnCall, second].flatMap((staff, i) =>
          Array.from({ length: DEMO_ROTA_WEEKS }, (_, week) => ({
            id: stableId(`rota:${team}:${i + 1}:${week}`),
            organisationId: DEMO_ORG_ID,
            careTeamId: DEMO_TEAMS[team].id,
            userId: demoStaffId(staff),
            startsAt: new Date(first + week * 7 * DAY),
            endsAt: new Date(first + (week + 1) * 7 * DAY),
            position: i + 1,
          })),
        ),
      ),
    );
    const contacts = JSON.stringify(DEMO_ESCALATION_CONTACTS.map((key) => demoStaffId(key)));
    await tx.execute(
      sql`update organisations
          set settings = jsonb_set(settings, '{notifications}',
                coalesce(settings -> 'notifications', '{}'::jsonb) || jsonb_build_object('escalationContactIds', ${contacts}::jsonb))
          where id = ${DEMO_ORG_ID}`,
    );
  });
}
