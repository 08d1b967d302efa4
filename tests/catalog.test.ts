/**
 * What the system catalogue must say about the security set-up, whatever later migrations add:
 * row-level security enabled and forced, a policy for every command, indexes under every column
 * the policies and consent helpers filter on, pinned search paths on SECURITY DEFINER functions,
 * and a runtime role that can do nothing on its own.
 */
import { sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { rowsOf } from "./support/database";
import { PATIENT_DATA_TABLES } from "./support/fixtures";
import { suiteDatabase } from "./support/suite-database";

const db = suiteDatabase("catalog", { fixtures: false });

const catalog = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
  db.asOwner((o) => rowsOf<T>(o, query));

/** Columns that say whose a row is: every one a policy or a consent helper filters on needs an index. */
const OWNERSHIP_COLUMNS = [
  "patient_id",
  "user_id",
  "organisation_id",
  "care_team_id",
  "grantee_user_id",
  "grantee_care_team_id",
];

/** Tables in public with a patient_id column, plus patients, users and audit_events. */
async function protectedTables(): Promise<string[]> {
  const rows = await catalog<{ name: string }>(
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')
          and (c.relname in ('patients', 'users', 'audit_events')
               or exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = 'patient_id' and not a.attisdropped))
        order by 1`,
  );
  return rows.map((r) => r.name);
}

/**
 * The relations the request role reads with their owner's rights, each a security-barrier view that
 * shows the caller only their own: the caller's rows of app.consent_access, which the clinical
 * policies probe (db/sql/consent.sql), and the reasons of the alerts and reports whose patient's
 * symptoms the caller may read (db/sql/alert-reasons.sql). A view has no row-level security of its
 * own; tests/readable-by-caller.test.ts and tests/alert-reasons.test.ts check that they show each
 * caller exactly what they may read, and tests/bypass.test.ts reads every view as each viewer.
 */
const CALLER_VIEWS = ["app.readable_alert_reasons", "app.readable_by_caller", "app.readable_report_reasons"];

describe("row-level security", () => {
  test("every patient-data table, patients, users and audit_events has RLS enabled and forced", async () => {
    const tables = await protectedTables();
    expect(tables).toEqual(expect.arrayContaining(["users", ...PATIENT_DATA_TABLES]));
    const rows = await catalog<{ name: string; enabled: boolean; forced: boolean }>(
      sql`select relname as name, relrowsecurity as enabled, relforcerowsecurity as forced
          from pg_class where oid = any (${`{${tables.map((t) => `public.${t}`).join(",")}}`}::regclass[]) order by 1`,
    );
    expect(rows.filter((r) => !r.enabled || !r.forced).map((r) => r.name)).toEqual([]);
    expect(rows).toHaveLength(tables.length);
  });

  test("every table the request role holds any privilege on has RLS enabled and forced", async () => {
    const rows = await catalog<{ name: string }>(
      sql`select c.oid::regclass::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname not in ('pg_catalog', 'information_schema') and c.relkind in ('r', 'p', 'v', 'm', 'f')
            and (has_table_privilege('serums_app', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
                 or has_any_column_privilege('serums_app', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
            and not (c.relrowsecurity and c.relforcerowsecurity)
          order by 1`,
    );
    expect(rows.map((r) => r.name)).toEqual(CALLER_VIEWS);
  });

  test("every protected table has a policy for the request role for SELECT, INSERT, UPDATE and DELETE (or ALL)", async () => {
    const tables = await protectedTables();
    const policies = await catalog<{ name: string; cmd: string; roles: string[] }>(
      sql`select c.relname as name, p.polcmd::text as cmd,
                 array(select case when r = 0 then 'public' else r::regrole::text end from unnest(p.polroles) r) as roles
          from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public'`,
    );
    const missing: string[] = [];
    for (const table of tables) {
      const mine = policies.filter(
        (p) => p.name === table && (p.roles.includes("serums_app") || p.roles.includes("public")),
      );
      for (const [cmd, label] of [
        ["r", "SELECT"],
        ["a", "INSERT"],
        ["w", "UPDATE"],
        ["d", "DELETE"],
      ]) {
        if (!mine.some((p) => p.cmd === cmd || p.cmd === "*")) missing.push(`${table} ${label}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test("no view the request role can read runs with its owner's rights (which would skip RLS)", async () => {
    // A plain view reads its tables as the view's owner, the migrating superuser, for whom
    // row-level security does not apply; only security_invoker views apply the caller's policies.
    // A materialized view has no row-level security at all.
    const rows = await catalog<{ name: string }>(
      sql`select c.oid::regclass::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname not in ('pg_catalog', 'information_schema') and c.relkind in ('v', 'm')
            and (has_table_privilege('serums_app', c.oid, 'SELECT') or has_any_column_privilege('serums_app', c.oid, 'SELECT'))
            and (c.relkind = 'm' or not coalesce('security_invoker=true' = any (c.reloptions), false)
                 and not coalesce('security_invoker=on' = any (c.reloptions), false))`,
    );
    expect(rows.map((r) => r.name).sort()).toEqual(CALLER_VIEWS);
  });

  test("each view the request role reads with its owner's rights is a security barrier owned by serums_definer", async () => {
    for (const name of CALLER_VIEWS) {
      const [view] = await catalog<{ barrier: boolean; owner: string }>(
        sql`select coalesce('security_barrier=true' = any (c.reloptions), false) as barrier,
                   pg_get_userbyid(c.relowner) as owner
            from pg_class c where c.oid = ${name}::regclass`,
      );
      expect(view, name).toEqual({ barrier: true, owner: "serums_definer" });
    }
  });

  test("no policy applies to PUBLIC: each names the request role", async () => {
    const rows = await catalog<{ policy: string }>(
      sql`select c.relname || '.' || p.polname as policy from pg_policy p join pg_class c on c.oid = p.polrelid
          where 0 = any (p.polroles)`,
    );
    expect(rows.map((r) => r.policy)).toEqual([]);
  });
});

describe("indexes", () => {
  type Column = { table: string; column: string; where: string };

  /** Whether `column` is the leading column of some index on `table`. */
  async function unindexed(columns: Column[]): Promise<string[]> {
    const indexed = await catalog<{ table: string; column: string }>(
      sql`select c.relname as "table", a.attname as "column"
          from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
          where n.nspname = 'public'`,
    );
    const has = new Set(indexed.map((r) => `${r.table}.${r.column}`));
    return [
      ...new Set(
        columns.filter((c) => !has.has(`${c.table}.${c.column}`)).map((c) => `${c.table}.${c.column} (${c.where})`),
      ),
    ];
  }

  test("every ownership column a policy filters on leads some index", async () => {
    const policies = await catalog<{ table: string; policy: string; expr: string }>(
      sql`select c.relname as "table", p.polname as policy,
                 coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') as expr
          from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relrowsecurity`,
    );
    const columns = await catalog<{ table: string; column: string }>(
      sql`select c.relname as "table", a.attname as "column" from pg_attribute a
          join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped`,
    );
    const exists = new Set(columns.map((c) => `${c.table}.${c.column}`));
    const referenced: Column[] = [];
    for (const p of policies) {
      for (const column of OWNERSHIP_COLUMNS) {
        // \b does not match inside a longer identifier (grantee_care_team_id, app.active_user_id).
        if (new RegExp(`(?<![\\w.])${column}\\b`).test(p.expr) && exists.has(`${p.table}.${column}`)) {
          referenced.push({ table: p.table, column, where: `policy ${p.policy}` });
        }
      }
    }
    expect(referenced.length).toBeGreaterThan(20);
    expect(referenced.map((c) => `${c.table}.${c.column}`)).toEqual(
      expect.arrayContaining([
        "alerts.patient_id",
        "consent_rules.patient_id",
        "staff_memberships.user_id",
        "care_teams.organisation_id",
      ]),
    );
    expect(await unindexed(referenced)).toEqual([]);
  });

  test("every ownership column the app.* helpers look rows up by leads some index", async () => {
    const functions = await catalog<{ name: string; body: string }>(
      sql`select p.oid::regprocedure::text as name, p.prosrc as body from pg_proc p
          join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'app'`,
    );
    const tables = await catalog<{ name: string }>(
      sql`select relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'r' and c.relrowsecurity`,
    );
    const rlsTables = new Set(tables.map((t) => t.name));
    const referenced: Column[] = [];
    for (const f of functions) {
      // `FROM table alias` / `JOIN table alias` / `UPDATE table alias`, then `alias.column` anywhere in the body.
      for (const m of f.body.matchAll(/\b(?:from|join|update)\s+(?:public\.)?(\w+)(?:\s+as)?\s+(\w+)/gi)) {
        const [, table, alias] = m;
        if (!rlsTables.has(table) || /^(where|on|set|join|using|group|order|limit)$/i.test(alias)) continue;
        for (const column of OWNERSHIP_COLUMNS) {
          if (new RegExp(`\\b${alias}\\.${column}\\b`).test(f.body)) {
            referenced.push({ table, column, where: f.name });
          }
        }
      }
    }
    expect(referenced.map((c) => `${c.table}.${c.column}`)).toEqual(
      expect.arrayContaining([
        "consent_rules.grantee_user_id",
        "consent_rules.grantee_care_team_id",
        "staff_memberships.user_id",
        "emergency_accesses.user_id",
        "patients.user_id",
        "patients.organisation_id",
      ]),
    );
    expect(await unindexed(referenced)).toEqual([]);
  });
});

describe("roles and functions", () => {
  test("the runtime role serums_web is not a superuser, has no BYPASSRLS, and owns nothing", async () => {
    const [role] = await catalog<Record<string, unknown>>(
      sql`select r.rolsuper as superuser, r.rolbypassrls as bypassrls, r.rolinherit as inherit, r.rolcanlogin as login,
                 r.rolcreaterole as createrole, r.rolcreatedb as createdb, r.rolreplication as replication,
                 (select count(*)::int from pg_class c where c.relowner = r.oid) as relations,
                 (select count(*)::int from pg_proc p where p.proowner = r.oid) as functions,
                 (select count(*)::int from pg_namespace s where s.nspowner = r.oid) as schemas,
                 (select count(*)::int from pg_type t where t.typowner = r.oid) as types,
                 (select count(*)::int from pg_database d where d.datdba = r.oid) as databases
          from pg_roles r where r.rolname = 'serums_web'`,
    );
    expect(role).toEqual({
      superuser: false,
      bypassrls: false,
      inherit: false,
      login: true,
      createrole: false,
      createdb: false,
      replication: false,
      relations: 0,
      functions: 0,
      schemas: 0,
      types: 0,
      databases: 0,
    });
  });

  test("the request role serums_app cannot log in, bypass RLS or own anything", async () => {
    const [role] = await catalog<Record<string, unknown>>(
      sql`select r.rolsuper as superuser, r.rolbypassrls as bypassrls, r.rolcanlogin as login,
                 (select count(*)::int from pg_class c where c.relowner = r.oid)
                 + (select count(*)::int from pg_proc p where p.proowner = r.oid)
                 + (select count(*)::int from pg_namespace s where s.nspowner = r.oid) as owned
          from pg_roles r where r.rolname = 'serums_app'`,
    );
    expect(role).toEqual({ superuser: false, bypassrls: false, login: false, owned: 0 });
  });

  test("neither the request role nor the runtime role can read a password hash or a TOTP secret", async () => {
    const readable = await catalog<{ role: string; column: string; readable: boolean }>(
      sql`select r.role, c.name as column, has_column_privilege(r.role, 'users', c.name, 'SELECT') as readable
          from unnest(array['serums_app', 'serums_web']) as r(role),
               unnest(array['password_hash', 'mfa_secret_enc']) as c(name)`,
    );
    expect(readable.filter((r) => r.readable)).toEqual([]);
    // The rest of the account stays readable, including whether a password is set.
    const [{ ok }] = await catalog<{ ok: boolean }>(
      sql`select has_column_privilege('serums_app', 'users', 'has_password', 'SELECT') as ok`,
    );
    expect(ok).toBe(true);
  });

  test("serums_definer cannot log in and no runtime role can become it", async () => {
    const [row] = await catalog<Record<string, unknown>>(
      sql`select r.rolsuper as superuser, r.rolcanlogin as login,
                 pg_has_role('serums_web', 'serums_definer', 'MEMBER') as web_member,
                 pg_has_role('serums_app', 'serums_definer', 'MEMBER') as app_member,
                 (select count(*)::int from pg_roles x where x.rolsuper and pg_has_role('serums_web', x.oid, 'MEMBER')) as super_reachable
          from pg_roles r where r.rolname = 'serums_definer'`,
    );
    expect(row).toEqual({ superuser: false, login: false, web_member: false, app_member: false, super_reachable: 0 });
  });

  test("the runtime role's only membership is the request role", async () => {
    const rows = await catalog<{ role: string }>(
      sql`select m.roleid::regrole::text as role from pg_auth_members m where m.member = 'serums_web'::regrole
          union select m.roleid::regrole::text from pg_auth_members m where m.member = 'serums_app'::regrole order by 1`,
    );
    expect(rows.map((r) => r.role)).toEqual(["serums_app"]);
  });

  test("every SECURITY DEFINER function pins search_path with pg_temp last", async () => {
    const rows = await catalog<{ name: string; config: string[] | null }>(
      sql`select p.oid::regprocedure::text as name, p.proconfig as config from pg_proc p
          join pg_namespace n on n.oid = p.pronamespace
          where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema') order by 1`,
    );
    expect(rows.length).toBeGreaterThan(5);
    const bad = rows
      .filter((r) => {
        const path = (r.config ?? []).find((c) => c.startsWith("search_path="));
        if (!path) return true;
        const entries = path
          .slice("search_path=".length)
          .split(",")
          .map((s) => s.trim().replace(/^"|"$/g, ""));
        return entries[entries.length - 1] !== "pg_temp";
      })
      .map((r) => `${r.name}: ${(r.config ?? []).join(" ") || "no search_path"}`);
    expect(bad).toEqual([]);
  });

  test("SECURITY DEFINER functions are owned by serums_definer, which is not a superuser", async () => {
    const rows = await catalog<{ name: string; owner: string }>(
      sql`select p.oid::regprocedure::text as name, p.proowner::regrole::text as owner from pg_proc p
          join pg_namespace n on n.oid = p.pronamespace
          where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema') and p.proowner <> 'serums_definer'::regrole`,
    );
    expect(rows.map((r) => `${r.name} owned by ${r.owner}`)).toEqual([]);
  });

  test("PUBLIC may execute no function in schema app", async () => {
    const rows = await catalog<{ name: string }>(
      sql`select p.oid::regprocedure::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'app' and (p.proacl is null
                 or exists (select from aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE'))`,
    );
    expect(rows.map((r) => r.name)).toEqual([]);
  });
});
