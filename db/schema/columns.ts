import { type AnyPgColumn, timestamp, uuid } from "drizzle-orm/pg-core";

/** The surrogate primary key most tables have: a random UUID. */
export const uuidKey = () => uuid().primaryKey().defaultRandom();

/** A point in time, always stored with its time zone. */
export const timestamptz = () => timestamp({ withTimezone: true });

/** A required point in time that defaults to the moment the row is inserted. */
export const timestamptzNow = () => timestamptz().notNull().defaultNow();

/** A required reference to another table's UUID key (for an optional one, `uuid().references(...)`). */
export const requiredRef = (target: () => AnyPgColumn) => uuid().notNull().references(target);
