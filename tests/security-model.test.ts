/**
 * The database's security model is exactly what db/sql declares. The files are applied after the
 * migrations (db/migrate.ts, applySecurityModel); this checks that applying them over a database
 * whose security set-up has drifted (a permissive policy, a trigger and a function the files no
 * longer declare, a function body and a privilege changed by hand) gives back, catalogue entry for
 * catalogue entry, what a fresh database has: roles, schemas, tables and columns with their
 * privileges, constraints, indexes, row-level security, policies, functions and triggers.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { Database } from "../db/client";
import { applySecurityModel, assertSqlFilesListed, SQL_FILES, sqlFileStatements } from "../db/migrate";
import { createTestDatabase, rowsOf, type TestDatabase } from "./support/database";

const SCHEMAS = "('public', 'app')";

/** Privileges as sorted `grantee=PRIVILEGE/grantor` items; a NULL ACL is the object kind's default. */
const acl = (column: string, kind: string, owner: string) =>
  `(select string_agg(item, ' ' order by item) from (
      select format('%s=%s%s/%s', case when a.grantee = 0 then 'PUBLIC' else a.grantee::regrole::text end,
                    a.privilege_type, case when a.is_grantable then '*' else '' end, a.grantor::regrole) as item
      from aclexplode(coalesce(${column}, acldefault('${kind}', ${owner}))) a) items)`;

/** One query per part of the catalogue, each row one line of text. */
const CATALOGUE: Record<string, string> = {
  roles: `select format('%s super=%s inherit=%s login=%s bypassrls=%s createrole=%s createdb=%s member of: %s',
            r.rolname, r.rolsuper, r.rolinherit, r.rolcanlogin, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb,
            (select string_agg(m.roleid::regrole::text, ',' order by m.roleid::regrole::text)
             from pg_auth_members m where m.member = r.oid))
          from pg_roles r where left(r.rolname, 7) = 'serums_'`,
  schemas: `select format('%s owner=%s privileges: %s', n.nspname, n.nspowner::regrole, ${acl("n.nspacl", "n", "n.nspowner")})
            from pg_namespace n where n.nspname in ${SCHEMAS}`,
  relations: `select format('%s kind=%s owner=%s rls=%s forced=%s privileges: %s', c.oid::regclass, c.relkind,
                c.relowner::regrole, c.relrowsecurity, c.relforcerowsecurity, ${acl("c.relacl", "r", "c.relowner")})
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname in ${SCHEMAS} and c.relkind in ('r', 'p', 'v', 'm', 'f')`,
  columns: `select format('%s #%s.%s %s not null=%s default=%s generated=%s privileges: %s', c.oid::regclass, a.attnum, a.attname,
              format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attgenerated,
              (select string_agg(item, ' ' order by item) from (
                 select format('%s=%s/%s', x.grantee::regrole, x.privilege_type, x.grantor::regrole) as item
                 from aclexplode(a.attacl) x) items))
            from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
            left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
            where n.nspname in ${SCHEMAS} and c.relkind in ('r', 'p', 'v', 'm', 'f') and a.attnum > 0 and not a.attisdropped`,
  constraints: `select format('%s %s %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
                from pg_constraint c join pg_namespace n on n.oid = c.connamespace
                where n.nspname in ${SCHEMAS} and c.conrelid <> 0`,
  indexes: `select format('%s %s', schemaname, indexdef) from pg_indexes where schemaname in ${SCHEMAS}`,
  policies: `select format('%s.%s %s %s %s to %s using (%s) with check (%s)', schemaname, tablename, policyname,
               permissive, cmd, array_to_string(roles, ','), qual, with_check)
             from pg_policies where schemaname in ${SCHEMAS}`,
  functions: `select format(E'%s owner=%s security_definer=%s config=%s privileges: %s\n%s', p.oid::regprocedure,
                p.proowner::regrole, p.prosecdef, array_to_string(p.proconfig, ' '), ${acl("p.proacl", "f", "p.proowner")},
                pg_get_functiondef(p.oid))
              from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where n.nspname in ${SCHEMAS} and p.prokind in ('f', 'p')`,
  triggers: `select format('%s enabled=%s %s', t.tgrelid::regclass, t.tgenabled, pg_get_triggerdef(t.oid))
             from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
             where n.nspname in ${SCHEMAS} and not t.tgisinternal`,
  types: `select format('%s owner=%s: %s', t.typname, t.typowner::regrole, string_agg(e.enumlabel, ',' order by e.enumsortorder))
          from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
          where n.nspname in ${SCHEMAS} group by t.typname, t.typowner`,
};

type Catalogue = Record<string, string[]>;

async function catalogue(db: TestDatabase): Promise<Catalogue> {
  return db.asOwner(async (owner) => {
    const parts: Catalogue = {};
    for (const [part, query] of Object.entries(CATALOGUE)) {
      const rows = await rowsOf<{ line: string }>(owner, sql.raw(`select line from (${query}) as part(line)`));
      parts[part] = rows.map((r) => r.line).sort();
    }
    return parts;
  });
}

/** What a security model edited by hand, or left from an older db/sql, might hold. */
const DRIFT = [
  "CREATE POLICY leftover_read_all ON symptom_reports FOR SELECT TO serums_app USING (true)",
  "CREATE FUNCTION app.leftover_trigger() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
  "CREATE TRIGGER leftover BEFORE INSERT ON symptom_reports FOR EACH ROW EXECUTE FUNCTION app.leftover_trigger()",
  "CREATE OR REPLACE FUNCTION app.consent_allows(category text, patient uuid) RETURNS boolean LANGUAGE sql AS 'select true'",
  "GRANT DELETE ON symptom_reports TO serums_app",
];

const appliedCount = (db: Database) =>
  rowsOf<{ n: number }>(db, sql`select count(*)::int as n from drizzle.security_model_applied`).then(([r]) => r.n);

let fresh: Catalogue;
let reapplied: Catalogue;
let drifted: Catalogue;
let applications: { afterMigrate: number; afterUnchangedMigrate: number };

beforeAll(async () => {
  // One database at a time: PGlite keeps each in memory.
  const first = await createTestDatabase("security_model_fresh");
  try {
    fresh = await catalogue(first);
  } finally {
    await first.close();
  }
  const second = await createTestDatabase("security_model_drifted");
  try {
    applications = { afterMigrate: await second.asOwner(appliedCount), afterUnchangedMigrate: 0 };
    await second.asOwner(async (db) => {
      await applySecurityModel(db);
      applications.afterUnchangedMigrate = await appliedCount(db);
      for (const statement of DRIFT) await db.execute(sql.raw(statement));
    });
    drifted = await catalogue(second);
    await second.asOwner((db) => applySecurityModel(db, { force: true }));
    reapplied = await catalogue(second);
  } finally {
    await second.close();
  }
});

describe("the database's security model is what db/sql declares", () => {
  test("every file in db/sql is applied", () => {
    expect(() => assertSqlFilesListed()).not.toThrow();
  });

  test("the comparison covers the whole security set-up", () => {
    const declaredPolicies = SQL_FILES.flatMap(sqlFileStatements).filter((s) => /^CREATE POLICY /m.test(s)).length;
    expect(fresh.policies).toHaveLength(declaredPolicies);
    expect(fresh.policies.length).toBeGreaterThan(70);
    expect(fresh.functions.length).toBeGreaterThan(30);
    expect(fresh.triggers.length).toBeGreaterThan(10);
    expect(fresh.roles).toHaveLength(4);
  });

  test("the files are applied once, and not again while they are unchanged", () => {
    expect(applications).toEqual({ afterMigrate: 1, afterUnchangedMigrate: 1 });
  });

  test("the drift is visible before the files are applied again", () => {
    for (const part of ["policies", "functions", "triggers", "relations"])
      expect(drifted[part]).not.toEqual(fresh[part]);
  });

  test.each(Object.keys(CATALOGUE))("%s are as a fresh database has them once db/sql is applied again", (part) => {
    expect(reapplied[part], `${part}: drifted then re-applied (received), fresh (expected)`).toEqual(fresh[part]);
  });
});
