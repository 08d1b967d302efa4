/**
 * A second, staff-heavy organisation for the admin pages' tests: the Borders Cancer Unit, with an
 * admin, a nurse, five care teams (one archived) and 240 more staff in every role, care team and
 * account state. Separate from the demo cancer centre, so tests that deactivate or page through its
 * staff never disturb tests of the demo data. Deterministic: the same ids and attributes every run,
 * and `staffDirectoryPlan()` says what was seeded so tests can compute what to expect.
 *
 *   npx tsx --conditions=react-server scripts/seed-staff.ts      migrate, seed the demo centre if absent, then this unit, as the
 *                                      owner: DATABASE_ADMIN_URL, or the embedded database in
 *                                      PGLITE_DIR (default .data/pglite).
 */
import { eq } from "drizzle-orm";
import type { StaffRole } from "@/lib/vocabulary";
import type { Database } from "../db/client";
import * as t from "../db/schema";
import { stableId } from "../db/stable-id";
import { hashPassword } from "../server/auth/password";
import { DEMO_PASSWORD } from "../server/demo/seed";

const sid = (name: string) => stableId(`staff-directory:${name}`);

export const BORDERS_ORG_ID = sid("org");
export const BORDERS_TEAMS = [
  { key: "ward1", id: sid("team:ward1"), name: "Ward 1 Oncology", archived: false },
  { key: "ward2", id: sid("team:ward2"), name: "Ward 2 Haematology", archived: false },
  { key: "day", id: sid("team:day"), name: "Day Unit", archived: false },
  { key: "outreach", id: sid("team:outreach"), name: "Acute Oncology Outreach", archived: false },
  { key: "old", id: sid("team:old"), name: "Old Ward 7", archived: true },
] as const;
const ACTIVE_TEAMS = BORDERS_TEAMS.filter((team) => !team.archived);

export const BORDERS_ADMIN = {
  id: sid("user:admin"),
  email: "eilidh.brodie@borders.example",
  name: "Eilidh Brodie",
  password: DEMO_PASSWORD,
};
/** The unit's second admin: changes that take two admins (a clinical role, a clinician's link) need one. */
export const BORDERS_SECOND_ADMIN = {
  id: sid("user:second-admin"),
  email: "calum.rae@borders.example",
  name: "Calum Rae",
  password: DEMO_PASSWORD,
};
/** Signed in, then deactivated, by the admin e2e test; no other test uses this account. */
export const BORDERS_NURSE = {
  id: sid("user:nurse"),
  email: "niamh.kerr@borders.example",
  name: "Niamh Kerr",
  password: DEMO_PASSWORD,
};
export const BORDERS_GENERATED_COUNT = 240;

const GIVEN = [
  "Ailsa",
  "Bruce",
  "Catriona",
  "Douglas",
  "Effie",
  "Finlay",
  "Greer",
  "Hector",
  "Isobel",
  "Jamie",
  "Kenna",
  "Lachlan",
  "Moira",
  "Niall",
  "Orla",
  "Pàdraig",
  "Rowan",
  "Seonaid",
  "Torquil",
  "Una",
];
const FAMILY = [
  "Aitken",
  "Boyd",
  "Chisholm",
  "Dalgleish",
  "Elliot",
  "Forsyth",
  "Gunn",
  "Hogg",
  "Irvine",
  "Jardine",
  "Kennedy",
  "Laidlaw",
  "Murray",
  "Nicol",
  "Oliver",
  "Pringle",
  "Rutherford",
  "Scott",
  "Turnbull",
  "Veitch",
];

export type PlannedStaff = {
  id: string;
  email: string;
  name: string;
  /** Role and care team key (null for admin or no team). */
  memberships: { role: StaffRole; team: string | null }[];
  status: "active" | "invited" | "locked" | "deactivated";
};

/** Exactly what seedStaffDirectory stores, in a form tests can count. */
export function staffDirectoryPlan(): PlannedStaff[] {
  const generated = Array.from({ length: BORDERS_GENERATED_COUNT }, (_, i): PlannedStaff => {
    const n = String(i + 1).padStart(3, "0");
    const given = GIVEN[i % GIVEN.length];
    const family = FAMILY[(i * 7 + Math.floor(i / GIVEN.length)) % FAMILY.length];
    const team = ACTIVE_TEAMS[i % ACTIVE_TEAMS.length].key;
    const memberships: PlannedStaff["memberships"] =
      i % 30 === 29
        ? []
        : i % 10 === 9
          ? [{ role: "admin", team: null }]
          : [{ role: i % 10 < 6 ? "nurse" : "oncologist", team }];
    if (i % 20 === 3) memberships.push({ role: "oncologist", team: ACTIVE_TEAMS[(i + 1) % ACTIVE_TEAMS.length].key });
    const status = i % 13 === 12 ? "deactivated" : i % 17 === 16 ? "locked" : i % 7 === 6 ? "invited" : "active";
    return {
      id: sid(`user:${n}`),
      email: `${given}.${family}.${n}@borders.example`.toLowerCase().replace("à", "a"),
      name: `${given} ${family}`,
      memberships,
      status,
    };
  });
  return [
    ...[BORDERS_ADMIN, BORDERS_SECOND_ADMIN].map((admin) => ({
      id: admin.id,
      email: admin.email,
      name: admin.name,
      memberships: [{ role: "admin" as const, team: null }],
      status: "active" as const,
    })),
    {
      id: BORDERS_NURSE.id,
      email: BORDERS_NURSE.email,
      name: BORDERS_NURSE.name,
      memberships: [{ role: "nurse", team: "ward1" }],
      status: "active",
    },
    ...generated,
  ];
}

export const teamId = (key: string) => BORDERS_TEAMS.find((team) => team.key === key)?.id ?? null;

/** Seeds the unit into a migrated database as the owner. False, changing nothing, when it is there. */
export async function seedStaffDirectory(db: Database, now = new Date()): Promise<boolean> {
  const [existing] = await db
    .select({ id: t.organisations.id })
    .from(t.organisations)
    .where(eq(t.organisations.id, BORDERS_ORG_ID));
  if (existing) return false;
  const plan = staffDirectoryPlan();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  await db.transaction(async (tx) => {
    await tx.insert(t.organisations).values({
      id: BORDERS_ORG_ID,
      name: "Borders Cancer Unit",
      slug: "borders",
      // No second factor, so browser tests sign in to this unit with a password alone.
      settings: { mfaRequiredForStaff: false, hospitalLine: "01896 826000" },
    });
    await tx.insert(t.careTeams).values(
      BORDERS_TEAMS.map((team) => ({
        id: team.id,
        organisationId: BORDERS_ORG_ID,
        name: team.name,
        archivedAt: team.archived ? minutesAgo(60 * 24 * 30) : null,
      })),
    );
    await tx.insert(t.users).values(
      plan.map((s, i) => ({
        id: s.id,
        organisationId: BORDERS_ORG_ID,
        kind: "staff" as const,
        email: s.email,
        displayName: s.name,
        passwordHash: s.status === "invited" ? null : passwordHash,
        lockedUntil: s.status === "locked" ? minutesAgo(-60 * 24) : null,
        failedSignIns: s.status === "locked" ? 5 : 0,
        deactivatedAt: s.status === "deactivated" ? minutesAgo(60 * 24) : null,
        // Spread over the last days, so "Added" sorts meaningfully.
        createdAt: minutesAgo(10 * (plan.length - i)),
      })),
    );
    await tx.insert(t.staffMemberships).values(
      plan.flatMap((s) =>
        s.memberships.map((m) => ({
          userId: s.id,
          organisationId: BORDERS_ORG_ID,
          careTeamId: m.team ? teamId(m.team) : null,
          role: m.role,
        })),
      ),
    );
  });
  return true;
}

async function main() {
  const { openMigratedAsOwner } = await import("./owner-connection");
  const { seedDemoData } = await import("../server/demo/seed");
  const connection = await openMigratedAsOwner();
  try {
    // The demo centre first: the app seeds it only into an empty database.
    await seedDemoData(connection.db);
    const seeded = await seedStaffDirectory(connection.db);
    console.log(
      seeded
        ? `Seeded the Borders Cancer Unit (${staffDirectoryPlan().length} staff).`
        : "The Borders Cancer Unit is already there.",
    );
  } finally {
    await connection.close();
  }
}

if (/seed-staff\.[cm]?[jt]s$/.test(process.argv[1] ?? "")) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
