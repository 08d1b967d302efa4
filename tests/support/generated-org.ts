import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";

/**
 * The organisation of a suite that generates its patients in the database: two care teams and a
 * nurse in the first, all named after the suite ("Bench", "Bench 1", "bench.nurse@bench.example").
 */
export async function insertOrganisationWithNurse(
  owner: Database,
  o: { id: string; name: string; teams: string[]; nurse: string },
): Promise<void> {
  const slug = o.name.toLowerCase();
  await owner.execute(sql`insert into organisations (id, name, slug) values (${o.id}, ${o.name}, ${slug})`);
  await owner.execute(sql`insert into care_teams (id, organisation_id, name) values
    (${o.teams[0]}, ${o.id}, ${`${o.name} 1`}), (${o.teams[1]}, ${o.id}, ${`${o.name} 2`})`);
  await owner.execute(sql`insert into users (id, organisation_id, kind, email, display_name)
    values (${o.nurse}, ${o.id}, 'staff', ${`${slug}.nurse@${slug}.example`}, ${`${o.name} Nurse`})`);
  await owner.execute(sql`insert into staff_memberships (user_id, organisation_id, care_team_id, role)
    values (${o.nurse}, ${o.id}, ${o.teams[0]}, 'nurse')`);
}

/** Every patient of the organisation consents to their own care team seeing everything. */
export async function consentToOwnTeams(owner: Database, organisationId: string): Promise<void> {
  await owner.execute(sql`insert into consent_rules (patient_id, grantee_care_team_id, effect, categories, valid_from)
    select p.id, p.primary_care_team_id, 'allow', '{symptoms,treatment,alerts,demographics}', now() - interval '300 days'
    from patients p where p.organisation_id = ${organisationId}`);
}
