import { bigint, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { timestamptzNow } from "./columns";
import { auditOutcome } from "./enums";

/**
 * The tamper-evident trail. `id`, `prevHash` and `hash` are assigned by a trigger that chains each
 * row to the one before it; the runtime role may insert, never update or delete. No clinical values.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    // Assigned by the chain trigger; the client-side default only satisfies the type.
    id: bigint({ mode: "number" })
      .primaryKey()
      .$defaultFn(() => 0),
    occurredAt: timestamptzNow(),
    organisationId: uuid(),
    actorUserId: uuid(),
    actorRole: text(),
    action: text().notNull(),
    patientId: uuid(),
    resourceType: text(),
    resourceId: text(),
    outcome: auditOutcome().notNull(),
    details: jsonb().$type<Record<string, string | number | boolean | null>>(),
    prevHash: text()
      .notNull()
      .$defaultFn(() => ""),
    hash: text()
      .notNull()
      .$defaultFn(() => ""),
  },
  (t) => [
    index().on(t.patientId, t.occurredAt),
    index().on(t.organisationId, t.occurredAt),
    index().on(t.actorUserId, t.occurredAt),
  ],
);
