/**
 * `npm run db:sql-migration -- <name>`: a new migration, db/migrations/NNNN_<name>.sql, holding the
 * files of db/sql as they are now, appended to drizzle's journal. A change to the security model is
 * an edit of db/sql/*.sql, then this, then both committed; tests/sql-drift.test.ts fails while the
 * migrations and the files disagree.
 *
 * The files are written to be applied again over any earlier state (CREATE OR REPLACE, DROP ... IF
 * EXISTS then CREATE, REVOKE then GRANT), so each such migration simply applies all of them.
 * No snapshot is written: meta/ keeps drizzle-kit's snapshots of db/schema, which this leaves alone.
 */
import fs from "node:fs";
import path from "node:path";
import { FROM_SQL_FILES_HEADER, MIGRATIONS_FOLDER, migrationFromSqlFiles } from "../db/migrate";

type Journal = {
  version: string;
  dialect: string;
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
};

function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error("usage: npm run db:sql-migration -- <name>   (lower case, digits and _, e.g. alerts_policy)");
  }
  const journalPath = path.join(MIGRATIONS_FOLDER, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as Journal;
  const body = migrationFromSqlFiles();

  const fromFiles = journal.entries
    .map((e) => ({ tag: e.tag, text: fs.readFileSync(path.join(MIGRATIONS_FOLDER, `${e.tag}.sql`), "utf8") }))
    .filter((m) => m.text.startsWith(FROM_SQL_FILES_HEADER));
  const latest = fromFiles.at(-1);
  if (latest?.text === body) {
    console.log(`db/sql is as ${latest.tag}.sql left it: no migration needed.`);
    return;
  }

  const idx = journal.entries.length;
  const tag = `${String(idx).padStart(4, "0")}_${name}`;
  const file = path.join(MIGRATIONS_FOLDER, `${tag}.sql`);
  if (fs.existsSync(file)) throw new Error(`${path.relative(process.cwd(), file)} exists already`);
  // Later than every entry: drizzle applies the entries newer than the last one a database has.
  const when = Math.max(Date.now(), ...journal.entries.map((e) => e.when + 1));
  fs.writeFileSync(file, body);
  journal.entries.push({ idx, version: journal.version, when, tag, breakpoints: true });
  fs.writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  console.log(`Wrote ${path.relative(process.cwd(), file)} from db/sql and added it to the journal.`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
