/**
 * Structured server logs, one JSON object a line. Callers pass identifiers and error codes only:
 * never clinical values, passwords, tokens or secrets.
 */
type Fields = Record<string, string | number | boolean | null | undefined>;

function write(level: "info" | "warn" | "error", msg: string, fields: Fields = {}) {
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  if (level === "error") console.error(line);
  else console.log(line);
}

/**
 * A failed query's error (drizzle's DrizzleQueryError) carries the query's parameters in its message:
 * patient data, password hashes, token hashes. They never reach the log; the SQL text does.
 */
export function redactQueryParams(text: string): string {
  return text.replace(/^params: .*$/gm, "params: [redacted]");
}

export const log = {
  info: (msg: string, fields?: Fields) => write("info", msg, fields),
  warn: (msg: string, fields?: Fields) => write("warn", msg, fields),
  /** Logs an unexpected error with its stack, which never reaches the user. */
  error: (msg: string, error: unknown, fields?: Fields) =>
    write("error", msg, {
      ...fields,
      error: error instanceof Error ? error.name : typeof error,
      detail: redactQueryParams(
        error instanceof Error ? (error.stack ?? error.message).slice(0, 4000) : String(error).slice(0, 500),
      ),
    }),
};
