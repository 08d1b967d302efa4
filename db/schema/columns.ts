import { type AnyPgColumn, foreignKey, timestamp, uuid } from "drizzle-orm/pg-core";

/** The surrogate primary key most tables have: a random UUID. */
export const uuidKey = () => uuid().primaryKey().defaultRandom();

/** A point in time, always stored with its time zone. */
export const timestamptz = () => timestamp({ withTimezone: true });

/** A required point in time that defaults to the moment the row is inserted. */
export const timestamptzNow = () => timestamptz().notNull().defaultNow();

/** A required reference to another table's UUID key (for an optional one, `uuid().references(...)`). */
export const requiredRef = (target: () => AnyPgColumn) => uuid().notNull().references(target);

/**
 * A row that belongs to a parent (a report, an alert, a plan) of a patient: it names the parent
 * together with its own patient, `(x_id, patient_id) -> parent (id, patient_id)`, so it can only
 * ever belong to the parent's own patient. The parent declares UNIQUE (id, patient_id) for it.
 */
export const ofParentPatient = (name: string, child: [AnyPgColumn, AnyPgColumn], parent: [AnyPgColumn, AnyPgColumn]) =>
  foreignKey({ name, columns: child, foreignColumns: parent });
