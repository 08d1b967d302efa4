/**
 * Where the scale seed and the bench find PostgreSQL: a superuser URL (BENCH_PG_ADMIN_URL, else
 * TEST_PG_ADMIN_URL as the tests use, else the local server) and, from it, the URL of a database
 * as the owner or as the app's runtime role.
 */
import { RUNTIME_LOGIN_ROLE } from "../db/client";

export const DEFAULT_BENCH_DATABASE = "serums_bench";

export function adminUrl(): string {
  return (
    process.env.BENCH_PG_ADMIN_URL ?? process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
  );
}

/** The database `name` on the admin server, as the admin (the owner), or as `role` without a password. */
export function databaseUrl(name: string, role?: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  if (role) {
    url.username = role;
    url.password = "";
  }
  return url.toString();
}

/** The runtime role's URL, as the app connects in production (trust or peer auth on the bench server). */
export const runtimeUrl = (name: string) => databaseUrl(name, RUNTIME_LOGIN_ROLE);
