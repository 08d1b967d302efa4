/**
 * CPU time spent by the processes that serve a request, read from /proc (user + system time, with
 * that of children already waited for): a server's own cost per request, which other work on a
 * shared machine slows down but does not add to, as it does to requests per second.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type postgres from "postgres";

/** CPU milliseconds so far, by process id. */
export type CpuSnapshot = Map<number, number>;
export type CpuProbe = () => Promise<CpuSnapshot>;

const TICK_MS = 1000 / (Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100);

type Stat = { ppid: number; cpuMs: number };

/** /proc/<pid>/stat: the fields after the command name, which may itself hold spaces and parentheses. */
function readStat(pid: number): Stat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null; // gone
  }
  const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
  const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  return { ppid: Number(f[1]), cpuMs: ticks * TICK_MS };
}

/** A process and all its descendants, as one figure under its own id. */
export function processTree(root: number): CpuProbe {
  return async () => {
    const stats = new Map<number, Stat>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = readStat(Number(entry));
      if (stat) stats.set(Number(entry), stat);
    }
    let cpuMs = 0;
    const pending = [root];
    while (pending.length > 0) {
      const pid = pending.pop() as number;
      cpuMs += stats.get(pid)?.cpuMs ?? 0;
      for (const [child, stat] of stats) if (stat.ppid === pid) pending.push(child);
    }
    return new Map([[root, cpuMs]]);
  };
}

/** This process (the bench itself), for work it does without a server. */
export const thisProcess: CpuProbe = async () => {
  const { user, system } = process.cpuUsage();
  return new Map([[process.pid, (user + system) / 1000]]);
};

/**
 * PostgreSQL's backends serving one client: its connections to `owner`'s database, named
 * `applicationName` (and of `user`, when given). A backend that ends during a round takes its time
 * with it, so the clients measured keep their connections open (pools do).
 */
export function postgresBackends(owner: postgres.Sql, applicationName: string, user?: string): CpuProbe {
  return async () => {
    const rows = await owner<{ pid: number }[]>`
      select pid from pg_stat_activity
      where datname = current_database() and application_name = ${applicationName}
        and (${user ?? null}::text is null or usename = ${user ?? null})`;
    const snapshot: CpuSnapshot = new Map();
    for (const { pid } of rows) {
      const stat = readStat(pid);
      if (stat) snapshot.set(pid, stat.cpuMs);
    }
    return snapshot;
  };
}

/** CPU milliseconds spent between two snapshots; a process first seen in `after` counts from its start. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): number {
  let ms = 0;
  for (const [pid, cpuMs] of after) ms += cpuMs - (before.get(pid) ?? 0);
  return ms;
}
