import "server-only";
/**
 * Runs the FHIR Bulk Data exports backend services ask for (`$export`, server/fhir/bulk-export.ts):
 * the worker claims an export as nobody and is given a job token that acts as its service until the
 * claim's lease ends (db/sql/bulk-export.sql); each batch of patients is then one transaction as that
 * service, so consent is decided for each patient before any of their data is read (as a read
 * request decides it) and row-level security holds every row to the same rule again. A patient's
 * deny rule or revoked consent applies from the next batch; a revoked service stops the export.
 * Each exported patient is one audit event naming the service.
 */
import type { Database } from "@/db/client";
import { type AuditEvent, appendAuditEvents } from "@/db/queries/audit";
import {
  type BulkExportView,
  bulkExportPatients,
  claimBulkExports,
  failBulkExport,
  findBulkExport,
  releaseBulkExport,
  saveBulkExportBatch,
  sweepExpiredExportsAndTokens,
} from "@/db/queries/bulk-exports";
import { findViewerConsent } from "@/db/queries/consent";
import { readEverything } from "@/db/queries/fhir-everything";
import { type BackendPrincipal, findBackendPrincipal } from "@/db/queries/smart";
import { runWithRls } from "@/db/rls";
import { serviceReadableCategories } from "@/lib/consent/evaluate";
import type { Resource } from "@/lib/fhir/types";
import { DATA_CATEGORIES } from "@/lib/vocabulary";
import { log } from "@/server/log";

/** The worker acts with no user to claim: the claim refuses a signed-in caller. */
const NOBODY = { userId: null };

export type BulkExportOptions = {
  now: Date;
  /** Patients per batch (one transaction each). */
  batchSize?: number;
  /** How long a claim holds an export, and its job token lasts. */
  leaseSeconds?: number;
  /** Exports claimed per round. */
  limit?: number;
  /**
   * How long a round works before it hands what is left back for the next round, so that a large
   * export never holds up the alerts the same worker delivers.
   */
  budgetMs?: number;
};

export type BulkExportResult = { claimed: number; batches: number; completed: number };

/**
 * One round: claims the exports waiting (or whose lease ran out) and runs each, a batch at a time,
 * until it is complete, cancelled, or its lease is nearly over (the next round carries on from the
 * last batch saved).
 */
export async function runBulkExports(db: Database, options: BulkExportOptions): Promise<BulkExportResult> {
  const leaseSeconds = options.leaseSeconds ?? 300;
  const claimed = await runWithRls(db, NOBODY, (tx) =>
    claimBulkExports(tx, { limit: options.limit ?? 2, leaseSeconds }),
  );
  const result: BulkExportResult = { claimed: claimed.length, batches: 0, completed: 0 };
  const until = Date.now() + Math.min(options.budgetMs ?? 10_000, (leaseSeconds - 30) * 1000);
  for (const job of claimed) {
    for (;;) {
      const step = await runBatch(db, job, options.batchSize ?? 20, options.now).catch(async (error: unknown) => {
        log.error("a bulk export batch failed", error, { exportId: job.id });
        await runWithRls(db, { smartToken: job.token }, (tx) =>
          failBulkExport(tx, { exportId: job.id, message: "The export failed on the server. Ask for it again." }),
        ).catch(() => {});
        return "stopped" as const;
      });
      if (step === "stopped") break;
      result.batches += 1;
      if (step === "completed") {
        result.completed += 1;
        break;
      }
      if (Date.now() > until) {
        await runWithRls(db, { smartToken: job.token }, (tx) => releaseBulkExport(tx, job.id));
        break;
      }
    }
  }
  return result;
}

/** One batch of one export, as its service: the next patients, their files, their audit events. */
async function runBatch(
  db: Database,
  job: { id: string; token: string },
  batchSize: number,
  now: Date,
): Promise<"continues" | "completed" | "stopped"> {
  return runWithRls(db, { smartToken: job.token }, async (tx, established) => {
    if (!established) return "stopped";
    const service = await findBackendPrincipal(tx, established);
    const job_ = await findBulkExport(tx, job.id);
    if (!service || !job_ || job_.status !== "running") return "stopped";
    const patientIds = job_.patientIds ?? (await bulkExportPatients(tx, job_.groupId));
    const batch = patientIds.slice(job_.done, job_.done + batchSize);
    const lines = new Map<string, string[]>();
    const events: AuditEvent[] = [];
    for (const patientId of batch) {
      const exported = await exportPatient(tx, service, job_, patientId, now);
      if (!exported) continue;
      for (const resource of exported.resources) {
        const list = lines.get(resource.resourceType) ?? [];
        list.push(JSON.stringify(resource));
        lines.set(resource.resourceType, list);
      }
      events.push({
        action: "fhir_exported",
        actorUserId: service.accountId,
        actorRole: "system",
        organisationId: service.organisationId,
        patientId,
        resourceType: "Patient",
        resourceId: patientId,
        outcome: "allowed",
        details: {
          app: service.name,
          client: service.clientId,
          export: job_.id,
          resources: exported.resources.length,
          withheld: exported.withheld.join(",") || null,
        },
      });
    }
    await appendAuditEvents(tx, events);
    const done = job_.done + batch.length;
    const finished = done >= patientIds.length;
    const saved = await saveBulkExportBatch(tx, {
      exportId: job_.id,
      patientIds,
      done,
      files: [...lines].map(([resourceType, list]) => ({
        resourceType,
        ndjson: `${list.join("\n")}\n`,
        count: list.length,
      })),
      finished,
    });
    if (!saved) return "stopped";
    return finished ? "completed" : "continues";
  });
}

/**
 * One patient's part of the export: consent decided first, for this service, as a read request
 * decides it; then the record in the readable categories and asked-for types, changed since
 * `_since` (a resource with no `meta.lastUpdated`, the Patient and Consent, always goes). Null when
 * the service may read nothing of them now.
 */
async function exportPatient(
  tx: Parameters<typeof findViewerConsent>[0],
  service: BackendPrincipal,
  job: BulkExportView,
  patientId: string,
  now: Date,
): Promise<{ resources: Resource[]; withheld: string[] } | null> {
  const facts = await findViewerConsent(tx, { patientId, userId: service.accountId });
  if (!facts) return null;
  const readable = serviceReadableCategories({
    service: { organisationId: service.organisationId, careTeamIds: service.careTeamIds },
    patient: { id: patientId, organisationId: facts.organisationId },
    rules: facts.rules,
    now: facts.checkedAt,
  });
  if (readable.length === 0) return null;
  const types = new Set(job.types);
  const { page } = await readEverything(tx, {
    patientId,
    readable,
    types: (type) => types.has(type),
    limit: 100_000,
    offset: 0,
    now,
  });
  const since = job.since;
  const resources = since
    ? page.filter((r) => !r.meta?.lastUpdated || new Date(r.meta.lastUpdated).getTime() > since.getTime())
    : page;
  return { resources, withheld: DATA_CATEGORIES.filter((c) => !readable.includes(c)) };
}

/** The periodic sweep's part for exports and OAuth records, as nobody. */
export async function sweepExportsAndTokens(db: Database) {
  return runWithRls(db, NOBODY, (tx) => sweepExpiredExportsAndTokens(tx));
}
