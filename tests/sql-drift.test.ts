/**
 * The migrations and db/sql say the same thing. One database is migrated from scratch, exactly as
 * every real one is; another gets only the migrations that build tables, then the db/sql files
 * applied directly. Their catalogues must be identical: roles, schemas, tables and columns with
 * their privileges, constraints, indexes, row-level security, policies, functions and triggers.
 *
 * It fails when db/sql was changed without a migration made from it (`npm run db:sql-migration --
 * <name>`), when a migration was edited by hand, and when the files stop saying something an
 * earlier migration did: a policy, trigger or function removed from a file needs its
 * DROP ... IF EXISTS there, or migrated databases would keep it.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "../db/client";
import {
  assertSqlFilesListed,
  BREAKPOINT,
  FROM_SQL_FILES_HEADER,
  MIGRATIONS_FOLDER,
  SQL_FILES,
  sqlFileStatements,
} from "../db/migrate";
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

/** The migrations in journal order, split into statements as drizzle's migrator splits them. */
function migrations(): { tag: string; fromSqlFiles: boolean; statements: string[] }[] {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  return journal.entries.map(({ tag }) => {
    const text = fs.readFileSync(path.join(MIGRATIONS_FOLDER, `${tag}.sql`), "utf8");
    return {
      tag,
      fromSqlFiles: text.startsWith(FROM_SQL_FILES_HEADER),
      statements: text.split(BREAKPOINT).filter((s) => s.trim() !== ""),
    };
  });
}

async function run(db: Database, statements: string[]): Promise<void> {
  for (const statement of statements) await db.execute(sql.raw(statement));
}

let declared: TestDatabase;
let fromMigrations: Catalogue;
let fromFiles: Catalogue;

beforeAll(async () => {
  // One database at a time: PGlite keeps each in memory.
  const migrated = await createTestDatabase("sql_drift_migrated");
  try {
    fromMigrations = await catalogue(migrated);
  } finally {
    await migrated.close();
  }
  declared = await createTestDatabase("sql_drift_declared", { migrate: false });
  await declared.asOwner(async (db) => {
    for (const m of migrations().filter((m) => !m.fromSqlFiles)) await run(db, m.statements);
    for (const file of SQL_FILES) await run(db, sqlFileStatements(file));
  });
  fromFiles = await catalogue(declared);
});
afterAll(async () => {
  await declared?.close();
});

describe("the migrations build what db/sql declares", () => {
  test("every file in db/sql is applied, and the security set-up comes from a migration made from them", () => {
    expect(() => assertSqlFilesListed()).not.toThrow();
    expect(migrations().some((m) => m.fromSqlFiles)).toBe(true);
  });

  test("the comparison covers the whole security set-up", () => {
    const declaredPolicies = SQL_FILES.flatMap(sqlFileStatements).filter((s) => /^CREATE POLICY /m.test(s)).length;
    expect(fromFiles.policies).toHaveLength(declaredPolicies);
    expect(fromFiles.policies.length).toBeGreaterThan(70);
    expect(fromFiles.functions.length).toBeGreaterThan(30);
    expect(fromFiles.triggers.length).toBeGreaterThan(10);
    expect(fromFiles.roles).toHaveLength(3);
  });

  test.each(Object.keys(CATALOGUE))("%s", (part) => {
    expect(fromMigrations[part], `${part}: migrated from scratch (received), tables + db/sql (expected)`).toEqual(
      fromFiles[part],
    );
  });
});
