import "server-only";
/**
 * FHIR Bulk Data exports of a backend service (db/sql/bulk-export.sql): asked for, read and
 * cancelled by the service itself; claimed and run by the worker (server/smart/bulk-export.ts).
 * Every write is one of the SECURITY DEFINER functions; reads are under row-level security, which
 * shows a service its own exports alone.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { bulkExportFiles, bulkExports } from "../schema";
import { queryRows } from "../sql";

export type StartBulkExportParams = { groupId: string | null; types: string[]; since: Date | null; requestUrl: string };

/** The calling service's new export, waiting for the worker; null when the group is not one of its teams. */
export async function startBulkExport(tx: Tx, p: StartBulkExportParams): Promise<string | null> {
  const [row] = await queryRows<{ id: string | null }>(
    tx,
    sql`select app.start_bulk_export(${p.groupId}::uuid, ${pgArrayLiteral(p.types)}::text[], ${p.since?.toISOString() ?? null}::timestamptz,
          ${p.requestUrl}) as id`,
  );
  return row?.id ?? null;
}

export type BulkExportView = {
  id: string;
  status: "queued" | "running" | "completed" | "failed" | "cancelled";
  groupId: string | null;
  types: string[];
  since: Date | null;
  requestUrl: string;
  patientIds: string[] | null;
  done: number;
  transactionTime: Date | null;
  error: string | null;
};

/** One of the calling service's exports, or null (another's, or none). */
export async function findBulkExport(tx: Tx, id: string): Promise<BulkExportView | null> {
  const [row] = await tx
    .select({
      id: bulkExports.id,
      status: bulkExports.status,
      groupId: bulkExports.groupId,
      types: bulkExports.types,
      since: bulkExports.since,
      requestUrl: bulkExports.requestUrl,
      patientIds: bulkExports.patientIds,
      done: bulkExports.done,
      transactionTime: bulkExports.transactionTime,
      error: bulkExports.error,
    })
    .from(bulkExports)
    .where(eq(bulkExports.id, id));
  if (!row) return null;
  return { ...row, types: pgArray(row.types), patientIds: row.patientIds === null ? null : pgArray(row.patientIds) };
}

export type BulkExportFileView = { id: string; resourceType: string; count: number };

/** The files of one of the calling service's exports, in the order they were written. */
export async function listBulkExportFiles(tx: Tx, exportId: string): Promise<BulkExportFileView[]> {
  return tx
    .select({ id: bulkExportFiles.id, resourceType: bulkExportFiles.resourceType, count: bulkExportFiles.count })
    .from(bulkExportFiles)
    .where(eq(bulkExportFiles.exportId, exportId))
    .orderBy(asc(bulkExportFiles.createdAt), asc(bulkExportFiles.resourceType), asc(bulkExportFiles.id));
}

/** One file's NDJSON, if it is one of the calling service's, of that export. */
export async function readBulkExportFile(tx: Tx, p: { exportId: string; fileId: string }): Promise<string | null> {
  const [row] = await tx
    .select({ ndjson: bulkExportFiles.ndjson })
    .from(bulkExportFiles)
    .where(and(eq(bulkExportFiles.exportId, p.exportId), eq(bulkExportFiles.id, p.fileId)));
  return row?.ndjson ?? null;
}

/** Cancels one of the calling service's exports, or deletes a finished one's files: false if it had none. */
export async function cancelBulkExport(tx: Tx, id: string): Promise<boolean> {
  const [row] = await queryRows<{ cancelled: boolean }>(
    tx,
    sql`select app.cancel_bulk_export(${id}::uuid) as cancelled`,
  );
  return row?.cancelled === true;
}

/** The patients an export covers, as the calling service may read them now (sorted). */
export async function bulkExportPatients(tx: Tx, groupId: string | null): Promise<string[]> {
  const [row] = await queryRows<{ ids: string[] | string }>(
    tx,
    sql`select app.bulk_export_patients(${groupId}::uuid) as ids`,
  );
  return row ? pgArray(row.ids) : [];
}

/** The worker (as nobody) claims exports to run, each with the job token that acts as its service. */
export async function claimBulkExports(
  tx: Tx,
  p: { limit: number; leaseSeconds: number },
): Promise<{ id: string; token: string }[]> {
  return queryRows<{ id: string; token: string }>(
    tx,
    sql`select id, token from app.claim_bulk_exports(${p.limit}::int, ${p.leaseSeconds}::int)`,
  );
}

export type SaveBatchParams = {
  exportId: string;
  patientIds: string[];
  done: number;
  files: { resourceType: string; ndjson: string; count: number }[];
  finished: boolean;
};

/** Records one batch of the calling service's running export; false when it no longer runs (cancelled). */
export async function saveBulkExportBatch(tx: Tx, p: SaveBatchParams): Promise<boolean> {
  const files = p.files.map((f) => ({ resource_type: f.resourceType, ndjson: f.ndjson, count: f.count }));
  const [row] = await queryRows<{ saved: boolean }>(
    tx,
    sql`select app.save_bulk_export_batch(${p.exportId}::uuid, ${pgArrayLiteral(p.patientIds)}::uuid[], ${p.done}::int,
          ${JSON.stringify(files)}::jsonb, ${p.finished}) as saved`,
  );
  return row?.saved === true;
}

/** The calling service hands its running export back for the next round of the worker. */
export async function releaseBulkExport(tx: Tx, exportId: string): Promise<void> {
  await tx.execute(sql`select app.release_bulk_export(${exportId}::uuid)`);
}

/** The calling service's running export failed with `message` (what the manifest's error says). */
export async function failBulkExport(tx: Tx, p: { exportId: string; message: string }): Promise<void> {
  await tx.execute(sql`select app.fail_bulk_export(${p.exportId}::uuid, ${p.message})`);
}

/** The worker's sweep of exports asked for more than a day ago, and of expired OAuth records. */
export async function sweepExpiredExportsAndTokens(tx: Tx): Promise<{ exports: number; oauthRecords: number }> {
  const [row] = await queryRows<{ exports: number; records: number }>(
    tx,
    sql`select app.sweep_bulk_exports() as exports, app.oauth_sweep_expired() as records`,
  );
  return { exports: Number(row?.exports ?? 0), oauthRecords: Number(row?.records ?? 0) };
}

/** A uuid[] or text[] as PGlite may return it, "{a,b}" (ids and type names hold no commas or quotes). */
function pgArray(value: string[] | string): string[] {
  return typeof value === "string"
    ? value
        .replace(/^\{|\}$/g, "")
        .split(",")
        .filter(Boolean)
    : value;
}

/** An array parameter as one literal (drizzle would spread a list into a row): ids and type names only. */
function pgArrayLiteral(values: readonly string[]): string {
  return `{${values.join(",")}}`;
}
