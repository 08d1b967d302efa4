import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { requiredRef, timestamptz, timestamptzNow, uuidKey } from "./columns";
import { organisations } from "./organisations";
import { smartClients } from "./smart";

/**
 * A FHIR Bulk Data export (`$export`) a backend service asked for, run by the worker in batches of
 * patients under the service's own identity (server/smart/bulk-export.ts). Only the service that
 * asked reads it, and its files, which go a day after they were asked for (db/sql/bulk-export.sql).
 */
export const bulkExports = pgTable(
  "bulk_exports",
  {
    id: uuidKey(),
    clientId: text()
      .notNull()
      .references(() => smartClients.id),
    /** The service's identity (smart_clients.account_id): whose export this is, for row-level security. */
    accountId: uuid().notNull(),
    organisationId: requiredRef(() => organisations.id),
    /** The care team of `Group/<id>/$export`; null for the system-level `$export`. */
    groupId: uuid(),
    /** The resource types asked for (`_type`), or every type the service's scopes cover. */
    types: text().array().notNull(),
    /** `_since`: only resources changed after it. */
    since: timestamptz(),
    /** The kick-off request's URL, as the manifest's `request` gives it back. */
    requestUrl: text().notNull(),
    status: text({ enum: ["queued", "running", "completed", "failed", "cancelled"] })
      .notNull()
      .default("queued"),
    /** The patients to export, fixed by the first batch; each batch reads them again under consent. */
    patientIds: uuid().array(),
    /** How many of `patientIds` are done. */
    done: integer().notNull().default(0),
    /** The manifest's `transactionTime`: when the first batch began. */
    transactionTime: timestamptz(),
    error: text(),
    /** The worker holding it, until then (claimed with FOR UPDATE SKIP LOCKED). */
    leaseUntil: timestamptz(),
    attempts: integer().notNull().default(0),
    createdAt: timestamptzNow(),
    completedAt: timestamptz(),
    expiresAt: timestamptz().notNull().default(sql`now() + interval '1 day'`),
  },
  (t) => [
    index().on(t.accountId, t.createdAt),
    index().on(t.status, t.leaseUntil),
    index().on(t.expiresAt),
    check("bulk_exports_done", sql`${t.done} >= 0`),
  ],
);

/** One NDJSON file of an export: the resources of one type from one batch of patients. */
export const bulkExportFiles = pgTable(
  "bulk_export_files",
  {
    id: uuidKey(),
    exportId: uuid()
      .notNull()
      .references(() => bulkExports.id, { onDelete: "cascade" }),
    /** Copied from the export, for row-level security without a join. */
    accountId: uuid().notNull(),
    resourceType: text().notNull(),
    /** One resource a line, as FHIR JSON. */
    ndjson: text().notNull(),
    count: integer().notNull(),
    createdAt: timestamptzNow(),
  },
  (t) => [index().on(t.exportId, t.resourceType)],
);
