/**
 * Direct access to the e2e PostgreSQL database (E2E_DB=postgres), as its owner, for the sign-in
 * tests that need an account of their own: one they may lock, invite or take a role from without
 * disturbing the demo accounts other tests sign in with. Mirrors scripts/e2e-server.sh.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { stableId } from "../../db/stable-id";
import { hashPassword } from "../../server/auth/password";
import { encryptSecret, newTotpSecret } from "../../server/auth/totp";
import { E2E_OWNER_URL } from "./database";

// The key scripts/e2e-server.sh gives the server, so secrets written here decrypt there.
const mfaKey = Buffer.from(
  process.env.E2E_MFA_ENCRYPTION_KEY ?? "ZTJlLW9ubHktbWZhLWtleS1ub3QtZm9yLXByb2R1Y3Q=",
  "base64",
);

let client: postgres.Sql | undefined;
export const sql = () => (client ??= postgres(E2E_OWNER_URL, { max: 2, onnotice: () => {} }));

export async function closeDatabase() {
  await client?.end({ timeout: 5 });
  client = undefined;
}

/**
 * The accounts live in an organisation of their own, so the demo centre's staff list (which other
 * tests count) is untouched. It keeps the default settings: staff must use a second factor.
 */
const ORG_ID = stableId("e2e:auth-org");
const TEAM_ID = stableId("e2e:auth-team");

async function ensureOrganisation() {
  await sql()`insert into organisations (id, name, slug, settings) values (${ORG_ID}, 'E2E sign-in tests', 'e2e-auth', '{}')
    on conflict (id) do nothing`;
  await sql()`insert into care_teams (id, organisation_id, name) values (${TEAM_ID}, ${ORG_ID}, 'E2E team')
    on conflict (id) do nothing`;
}

export type TestAccount = { id: string; email: string; password: string; totpSecret: string | null };

/**
 * A new staff member: a nurse in the test organisation's one care team. With
 * `password` it can sign in; with `mfa` it has an authenticator already (its secret is returned).
 */
export async function createStaff(
  label: string,
  options: { password?: string; mfa?: boolean } = {},
): Promise<TestAccount> {
  await ensureOrganisation();
  const suffix = randomBytes(4).toString("hex");
  const email = `${label}.${suffix}@e2e.example`;
  const password = options.password ?? "";
  const totpSecret = options.mfa ? newTotpSecret() : null;
  const [row] = await sql()`
    insert into users (organisation_id, kind, email, display_name, password_hash)
    values (${ORG_ID}, 'staff', ${email}, ${`E2E ${label} ${suffix}`}, ${password ? await hashPassword(password) : null})
    returning id`;
  const id = row.id as string;
  if (totpSecret) {
    await sql()`update users set mfa_secret_enc = ${encryptSecret(totpSecret, id, mfaKey)}, mfa_enabled_at = now() where id = ${id}`;
  }
  await sql()`insert into staff_memberships (user_id, organisation_id, care_team_id, role)
    values (${id}, ${ORG_ID}, ${TEAM_ID}, 'nurse')`;
  return { id, email, password, totpSecret };
}

/** The organisation's two admins: a clinician's one-time link takes both (db/sql/admin.sql). */
const ADMINS = [stableId("e2e:auth-admin-1"), stableId("e2e:auth-admin-2")];

async function ensureAdmins() {
  for (const [i, id] of ADMINS.entries()) {
    await sql()`insert into users (id, organisation_id, kind, email, display_name)
      values (${id}, ${ORG_ID}, 'staff', ${`e2e.admin.${i + 1}@e2e.example`}, ${`E2E admin ${i + 1}`})
      on conflict (id) do nothing`;
    await sql()`insert into staff_memberships (user_id, organisation_id, role)
      values (${id}, ${ORG_ID}, 'admin') on conflict do nothing`;
  }
}

/**
 * A one-time link for a nurse, as the app issues one: the first admin asks and the second approves,
 * each as the request role with their own identity, and the link (activation while the account has
 * no password, reset after) is the one the outbox holds for the nurse's email. Returns its path.
 */
export async function createLink(userId: string): Promise<string> {
  await ensureAdmins();
  // The owner makes each admin the caller (app.assume_identity), then acts as the request role.
  const asAdmin = (tx: postgres.TransactionSql, admin: string) =>
    tx`reset role`.then(() => tx`select app.assume_identity(${admin}), set_config('role', 'serums_app', true)`);
  await sql().begin(async (tx) => {
    await asAdmin(tx, ADMINS[0]);
    const [request] = await tx`select app.request_staff_change('one_time_link', ${userId}::uuid, null, null) as id`;
    await asAdmin(tx, ADMINS[1]);
    await tx`select * from app.decide_staff_change(${request.id}::uuid, true)`;
  });
  const [mail] = await sql()`select link_path from notifications
    where recipient_user_id = ${userId} and kind = 'account_link' order by created_at desc limit 1`;
  return mail.link_path as string;
}

export async function removeRole(userId: string, role: string) {
  await sql()`delete from staff_memberships where user_id = ${userId} and role = ${role}`;
}

export async function auditActions(userId: string): Promise<string[]> {
  const rows = await sql()`select action from audit_events
    where resource_id = ${userId} or actor_user_id = ${userId} order by id`;
  return rows.map((r) => r.action as string);
}
