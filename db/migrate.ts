import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { Connection, Database, Tx } from "./client";
import { queryRows } from "./sql";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/**
 * The security model as it stands (roles, functions, triggers, row-level security, policies,
 * grants), one file per concern, in the order they are applied: each may use what the ones before
 * it define. They are not copied into migrations: after the migrations have built the tables,
 * `applySecurityModel` applies these files as they are whenever they differ from what the database
 * last had applied, so reading them is reading the database's security.
 */
export const SQL_FOLDER = path.join(process.cwd(), "db", "sql");
export const SQL_FILES = [
  "roles.sql",
  "context.sql",
  "consent.sql",
  "consent-lookups.sql",
  "auth.sql",
  "admin.sql",
  "attribution.sql",
  "audit.sql",
  "notifications.sql",
  "rota.sql",
  "notification-preferences.sql",
  "reminders.sql",
  "emergency.sql",
  "alert-episodes.sql",
  "alert-reasons.sql",
  "policies-records.sql",
  "policies-accounts.sql",
  "smart.sql",
  "bulk-export.sql",
  "grants.sql",
  "consent-rebuild.sql",
] as const;

/**
 * Applies every pending migration, then the security model (db/sql) if it has changed. Runs as the owner (DATABASE_ADMIN_URL, or PGlite's superuser),
 * never as the runtime role. Concurrent callers on one server are serialised by an advisory lock.
 */
export async function migrateDatabase(connection: Connection): Promise<void> {
  const { db } = connection;
  if (connection.kind === "pglite") {
    await refuseReplacedHistory(db);
    await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    await applySecurityModel(db);
    return;
  }
  await db.execute(sql`select pg_advisory_lock(7263001)`);
  try {
    await refuseReplacedHistory(db);
    await migratePostgres(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    await applySecurityModel(db);
  } finally {
    await db.execute(sql`select pg_advisory_unlock(7263001)`);
  }
}

/**
 * The migrations 0000_tables to 0014_org_helpers_plpgsql were replaced by one baseline before any
 * production database existed. A database migrated by them has every table already, so the
 * baseline would fail on its first statement; say what to do instead. 1795544327724 is the
 * journal time of the replaced 0000_tables.
 */
async function refuseReplacedHistory(db: Database): Promise<void> {
  const [{ replaced }] = await queryRows<{ replaced: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as replaced`,
  );
  if (!replaced) return;
  const rows = await queryRows(
    db,
    sql`select 1 from drizzle.__drizzle_migrations where created_at = 1795544327724 limit 1`,
  );
  if (rows.length > 0) {
    throw new Error(
      "This database was migrated by the migration history that db/migrations replaced with one baseline. " +
        "Recreate it: delete the embedded database's folder (.data/pglite), or drop and create the PostgreSQL database.",
    );
  }
}

/**
 * Splits SQL text into statements at the semicolons that end them, keeping comments, quoted
 * strings and identifiers, and dollar-quoted bodies whole. Each statement keeps the comments
 * before it; comments after the last statement join it. (Not handled: E'' strings with \'.)
 */
export function splitSqlStatements(text: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i, i + 2);
    if (rest === "--") {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end + 1;
    } else if (rest === "/*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 2;
    } else if (text[i] === "'" || text[i] === '"') {
      const quote = text[i];
      let j = i + 1;
      while (j < text.length && !(text[j] === quote && text[j + 1] !== quote)) j += text[j] === quote ? 2 : 1;
      i = j + 1;
    } else if (text[i] === "$" && !/[\w$]/.test(text[i - 1] ?? "")) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$/.exec(text.slice(i))?.[0];
      if (tag) {
        const end = text.indexOf(tag, i + tag.length);
        if (end === -1) throw new Error(`unterminated ${tag} quote at: ${text.slice(i, i + 60)}`);
        i = end + tag.length;
      } else {
        i += 1;
      }
    } else if (text[i] === ";") {
      statements.push(text.slice(start, i + 1).trim());
      start = i + 1;
      i += 1;
    } else {
      i += 1;
    }
  }
  const tail = text.slice(start).trim();
  if (tail.replace(/--[^\n]*/g, "").trim() !== "") statements.push(tail);
  else if (tail && statements.length > 0) statements[statements.length - 1] += `\n${tail}`;
  return statements;
}

/** The statements of one db/sql file. */
export function sqlFileStatements(file: string): string[] {
  const text = fs.readFileSync(path.join(SQL_FOLDER, file), "utf8");
  const statements = splitSqlStatements(text);
  if (statements.length === 0) throw new Error(`db/sql/${file} has no statement`);
  return statements;
}

/** Every file in db/sql must be applied: one missing from SQL_FILES would be silently left out. */
export function assertSqlFilesListed(): void {
  const listed = new Set<string>(SQL_FILES);
  const unlisted = fs.readdirSync(SQL_FOLDER).filter((f) => f.endsWith(".sql") && !listed.has(f));
  if (unlisted.length > 0)
    throw new Error(`db/sql has files that SQL_FILES in db/migrate.ts does not list: ${unlisted}`);
}

/** The statements of every db/sql file, in order, and a digest of them all. */
export function securityModel(): { statements: string[]; sha256: string } {
  assertSqlFilesListed();
  const statements = SQL_FILES.flatMap(sqlFileStatements);
  const sha256 = createHash("sha256").update(statements.join("\n;\n")).digest("hex");
  return { statements, sha256 };
}

/** Without its comment lines, so that a name in a comment is not taken for a declaration. */
const code = (statement: string) => statement.replace(/--[^\n]*/g, "");

/** The policies, triggers (each as table.name) and app functions the files create. */
export function declaredObjects(statements: readonly string[]): {
  policies: Set<string>;
  triggers: Set<string>;
  functions: Set<string>;
} {
  const policies = new Set<string>();
  const triggers = new Set<string>();
  const functions = new Set<string>();
  for (const statement of statements.map(code)) {
    for (const m of statement.matchAll(/CREATE POLICY (\w+) ON (\w+)/g)) policies.add(`${m[2]}.${m[1]}`);
    for (const m of statement.matchAll(/CREATE (?:OR REPLACE )?TRIGGER (\w+)\s[^;]*?\sON (\w+)/g))
      triggers.add(`${m[2]}.${m[1]}`);
    for (const m of statement.matchAll(/CREATE (?:OR REPLACE )?FUNCTION app\.(\w+)\s*\(/g)) functions.add(m[1]);
  }
  return { policies, triggers, functions };
}

/** Where the digest of each application of the security model is kept, beside drizzle's own journal. */
const APPLIED = sql.raw("drizzle.security_model_applied");

/**
 * Makes the database's security model exactly what db/sql declares, in one transaction: every
 * file applied as it stands (each is written to be applied over any earlier state), then every
 * policy, trigger and app function the files no longer create dropped, so that a rule deleted from
 * a file is deleted from every database. Skipped when the files are as they were last applied
 * (re-creating policies locks their tables); `force` applies them anyway.
 */
export async function applySecurityModel(db: Database, options: { force?: boolean } = {}): Promise<void> {
  const { statements, sha256 } = securityModel();
  await db.transaction(async (tx) => {
    await tx.execute(sql`create table if not exists ${APPLIED} (
      sha256 text not null, applied_at timestamptz not null default now())`);
    const [last] = await queryRows<{ sha256: string }>(
      tx,
      sql`select sha256 from ${APPLIED} order by applied_at desc limit 1`,
    );
    if (last?.sha256 === sha256 && !options.force) return;
    for (const statement of statements) await tx.execute(sql.raw(statement));
    await dropUndeclared(tx, declaredObjects(statements));
    await tx.execute(sql`insert into ${APPLIED} (sha256) values (${sha256})`);
  });
}

async function dropUndeclared(tx: Tx, declared: ReturnType<typeof declaredObjects>): Promise<void> {
  const policies = await queryRows<{ name: string; table_name: string; drop: string }>(
    tx,
    sql`select policyname as name, tablename as table_name,
               format('DROP POLICY %I ON %I.%I', policyname, schemaname, tablename) as drop
        from pg_policies where schemaname in ('public', 'app')`,
  );
  const triggers = await queryRows<{ name: string; table_name: string; drop: string }>(
    tx,
    sql`select t.tgname as name, c.relname as table_name, format('DROP TRIGGER %I ON %s', t.tgname, c.oid::regclass) as drop
        from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'app') and not t.tgisinternal`,
  );
  const functions = await queryRows<{ name: string; drop: string }>(
    tx,
    sql`select p.proname as name, format('DROP FUNCTION %s', p.oid::regprocedure) as drop
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'app'`,
  );
  const undeclared = [
    ...policies.filter((p) => !declared.policies.has(`${p.table_name}.${p.name}`)),
    ...triggers.filter((t) => !declared.triggers.has(`${t.table_name}.${t.name}`)),
    ...functions.filter((f) => !declared.functions.has(f.name)),
  ];
  for (const object of undeclared) await tx.execute(sql.raw(object.drop));
}
