/**
 * `npm run seed:scale -- --patients 5000 --days 180 [--fresh] [--database serums_bench]`
 *
 * Creates (with --fresh: drops and recreates) a dedicated database on the PostgreSQL server in
 * BENCH_PG_ADMIN_URL (default: TEST_PG_ADMIN_URL, else postgres://postgres@127.0.0.1:5432/postgres,
 * a superuser), migrates it with the project's migrations and roles, and bulk-loads the scale seed
 * (db/seed-scale/). Progress goes to stderr; the summary and the time taken to stdout.
 */
import postgres from "postgres";
import { z } from "zod";
import { adminUrl, databaseUrl } from "../bench/database";
import { connectPostgres } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { seedScale } from "../db/seed-scale";
import { ORGANISATIONS } from "../db/seed-scale/world";

const argsSchema = z.object({
  patients: z.coerce.number().int().min(1).max(1_000_000).default(5000),
  days: z.coerce.number().int().min(1).max(365).default(180),
  database: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "a lowercase PostgreSQL identifier")
    .default("serums_bench"),
  fresh: z.boolean().default(false),
});

/** `--name value`, `--name=value` and bare `--flag`. */
function parseArgs(argv: readonly string[]): z.infer<typeof argsSchema> {
  const raw: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`Unexpected argument: ${argv[i]}`);
    const [, name, inline] = match;
    if (name === "fresh") raw.fresh = true;
    else if (inline !== undefined) raw[name] = inline;
    else raw[name] = argv[++i] ?? "";
  }
  const parsed = argsSchema.strict().safeParse(raw);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `--${i.path.join(".") || "?"}: ${i.message}`).join("\n"));
  }
  return parsed.data;
}

const seconds = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
};

/** A one-line progress bar on a terminal; a line per tenth elsewhere (CI logs). */
function progressBar(label: string, total: number, started: number) {
  let lastTenth = -1;
  return (done: number) => {
    const fraction = done / total;
    const elapsed = Date.now() - started;
    const left = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : 0;
    const text = `${label} ${done}/${total} (${Math.floor(fraction * 100)}%) · ${seconds(elapsed)} · ~${seconds(left)} left`;
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${text}\x1b[K`);
      if (done === total) process.stderr.write("\n");
    } else if (Math.floor(fraction * 10) > lastTenth) {
      lastTenth = Math.floor(fraction * 10);
      process.stderr.write(`${text}\n`);
    }
  };
}

async function prepareDatabase(name: string, fresh: boolean): Promise<void> {
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    if (fresh) await admin.unsafe(`drop database if exists ${name} with (force)`);
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const connection = connectPostgres(databaseUrl(name), { max: 1 });
  try {
    await migrateDatabase(connection);
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  await prepareDatabase(args.database, args.fresh);
  const sql = postgres(databaseUrl(args.database), { max: 16, onnotice: () => {} });
  try {
    const [seeded] = await sql`select 1 from organisations where slug = ${ORGANISATIONS[0].slug}`;
    if (seeded) {
      throw new Error(`${args.database} already holds the scale seed. Run again with --fresh to recreate it.`);
    }
    process.stderr.write(
      `Loading ${args.patients} patients x ${args.days} days into ${args.database} (${new URL(databaseUrl(args.database)).host})\n`,
    );
    const summary = await seedScale(sql, {
      patients: args.patients,
      days: args.days,
      now: new Date(),
      onProgress: progressBar("day", args.days, Date.now()),
      onIndexes: () => process.stderr.write("Building the indexes dropped for the load…\n"),
    });
    const loaded = Date.now();
    process.stderr.write("VACUUM ANALYZE (statistics and visibility map for the planner)…\n");
    await sql`vacuum (analyze)`;
    const total = Date.now() - started;
    console.log(JSON.stringify({ database: args.database, ...summary }, null, 2));
    console.log(
      `Loaded in ${seconds(loaded - started)}, vacuum analyze ${seconds(Date.now() - loaded)}: ${seconds(total)} in all.`,
    );
  } finally {
    await sql.end({ timeout: 5 });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
