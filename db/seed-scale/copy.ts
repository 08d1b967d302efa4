/**
 * Streaming rows into PostgreSQL with COPY ... FROM STDIN (text format), several tables at once,
 * each on its own connection and transaction, with the writer's back-pressure respected so memory
 * stays flat however many rows are generated.
 */
import type { Writable } from "node:stream";
import type postgres from "postgres";

export type CopyValue = string | number | boolean | Date | null | undefined | readonly string[];

/** COPY text format: backslash, tab, newline and carriage return are escaped; NULL is \N. */
export function field(value: CopyValue): string {
  if (value == null) return "\\N";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  const text = typeof value === "string" ? value : arrayLiteral(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : text;
}

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** A text[] literal with every element quoted, so commas, spaces and braces in reasons are safe. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}

/** Rows are buffered into chunks of about this many characters before they are handed to the socket. */
const CHUNK_CHARS = 1 << 18;

/** One table's COPY stream. `write` resolves at once unless the connection is behind. */
export class CopyStream {
  private buffer = "";
  rows = 0;

  private constructor(
    private readonly writable: Writable,
    private readonly done: Promise<unknown>,
  ) {}

  /**
   * Opens `COPY table (columns) FROM STDIN` in a transaction of its own on a reserved connection.
   * `prepare` statements run first in the same transaction (e.g. `set local ...`).
   */
  static async open(
    sql: postgres.Sql,
    table: string,
    columns: readonly string[],
    prepare: readonly string[] = [],
  ): Promise<CopyStream> {
    let resolveWritable: (w: Writable) => void = () => {};
    const writable = new Promise<Writable>((resolve) => {
      resolveWritable = resolve;
    });
    const done = sql.begin(async (tx) => {
      for (const statement of prepare) await tx.unsafe(statement);
      const stream = await tx.unsafe(`copy ${table} (${columns.join(", ")}) from stdin`).writable();
      resolveWritable(stream);
      await new Promise<void>((resolve, reject) => {
        stream.on("finish", resolve);
        stream.on("error", reject);
      });
    });
    // A failure before the stream opened must not leave `open` waiting forever.
    return Promise.race([
      writable.then((w) => new CopyStream(w, done)),
      done.then(() => {
        throw new Error(`COPY into ${table} ended before it started`);
      }),
    ]);
  }

  /** One row. Resolves at once (no promise) unless a full chunk must wait for the connection. */
  write(values: readonly CopyValue[]): Promise<void> | undefined {
    let line = field(values[0]);
    for (let i = 1; i < values.length; i++) line += `\t${field(values[i])}`;
    return this.writeLines(`${line}\n`, 1);
  }

  /**
   * Rows already in COPY text form, each ending in a newline: for the millions of answers and
   * grades, whose fields (ids, the symptom vocabulary, numbers) never need escaping, formatted
   * in one string per report instead of an array and a promise per row.
   */
  writeLines(lines: string, rows: number): Promise<void> | undefined {
    this.buffer += lines;
    this.rows += rows;
    if (this.buffer.length >= CHUNK_CHARS) return this.flush();
    return undefined;
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const ok = this.writable.write(this.buffer);
    this.buffer = "";
    // Racing the transaction: a COPY that failed on the server never drains, but `done` rejects.
    if (!ok) await Promise.race([new Promise((resolve) => this.writable.once("drain", resolve)), this.done]);
  }

  /** Sends what is buffered, ends the COPY and commits its transaction. */
  async end(): Promise<void> {
    await this.flush();
    this.writable.end();
    await this.done;
  }
}
