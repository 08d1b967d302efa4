import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { Connection, Database } from "./client";
import { queryRows } from "./sql";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/**
 * The security model as it stands (roles, functions, triggers, row-level security, policies,
 * grants), one file per concern, in the order they are applied: each may use what the ones before
 * it define. Migrations are made from them (scripts/sql-migration.ts).
 */
export const SQL_FOLDER = path.join(process.cwd(), "db", "sql");
export const SQL_FILES = [
  "roles.sql",
  "context.sql",
  "consent.sql",
  "consent-lookups.sql",
  "auth.sql",
  "admin.sql",
  "audit.sql",
  "policies-records.sql",
  "policies-accounts.sql",
  "grants.sql",
  "consent-rebuild.sql",
] as const;

/** The first line of every migration made from db/sql. */
export const FROM_SQL_FILES_HEADER = "-- Made by `npm run db:sql-migration` from these files of db/sql as they stood:";

/** What drizzle's migrator splits a migration file into statements at. */
export const BREAKPOINT = "--> statement-breakpoint";

/**
 * Applies every pending migration. Runs as the owner (DATABASE_ADMIN_URL, or PGlite's superuser),
 * never as the runtime role. Concurrent callers on one server are serialised by an advisory lock.
 */
export async function migrateDatabase(connection: Connection): Promise<void> {
  const { db } = connection;
  if (connection.kind === "pglite") {
    await refuseReplacedHistory(db);
    await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  await db.execute(sql`select pg_advisory_lock(7263001)`);
  try {
    await refuseReplacedHistory(db);
    await migratePostgres(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
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
  if (text.includes(BREAKPOINT)) throw new Error(`db/sql/${file} contains "${BREAKPOINT}"`);
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

/** A migration holding the db/sql files as they are now, statement by statement. */
export function migrationFromSqlFiles(): string {
  assertSqlFilesListed();
  const header = [
    FROM_SQL_FILES_HEADER,
    `-- ${SQL_FILES.join(", ")}.`,
    "-- Do not edit it: change db/sql/*.sql and make a new migration (README, Security model).",
  ].join("\n");
  const parts = SQL_FILES.map((file) => {
    const [first, ...rest] = sqlFileStatements(file);
    return [`-- ===== db/sql/${file} =====\n${first}`, ...rest].join(`\n${BREAKPOINT}\n`);
  });
  return `${header}\n\n${parts.join(`\n${BREAKPOINT}\n\n`)}\n`;
}
