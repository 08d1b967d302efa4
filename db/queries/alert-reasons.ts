import "server-only";
/**
 * An alert's reasons, and those of each report in its episode, quote the patient's symptoms, so
 * they are read only where the caller may read the patient's symptoms as well as their alerts
 * (db/sql/alert-reasons.sql). Each is a correlated subquery of one row, null when withheld, which the
 * pages show as "Details withheld by the patient". The views name their key `for_alert` and
 * `for_report`, which no table has, so an unqualified column given here names the outer row.
 */
import { type SQL, sql } from "drizzle-orm";

/** The reasons of the alert whose id is `alertId` (a column or a parameter), or null. */
export function alertReasons(alertId: SQL): SQL<string[] | null> {
  return sql`(select ar.reasons from app.readable_alert_reasons ar where ar.for_alert = ${alertId})`;
}

/**
 * A LATERAL join `alias` to the reasons of the alert whose id is `alertId` and what the patient said
 * in its episode (`can_wait`, `note`, `note_at`), all null when withheld; `alias.for_alert` is null
 * then too. OFFSET 0 keeps the join a subquery of its own, so that the id reaches the view's primary
 * key as a parameter; flattened, the view would be read whole and joined.
 */
export function alertReasonsJoin(alertId: SQL, alias: string): SQL {
  const a = sql.raw(alias);
  return sql`left join lateral (select ${a}.for_alert, ${a}.reasons, ${a}.can_wait, ${a}.note, ${a}.note_at
                       from app.readable_alert_reasons ${a} where ${a}.for_alert = ${alertId} offset 0) ${a} on true`;
}

/** The reasons triage gave the report whose id is `reportId` when it raised or joined an alert, or null. */
export function reportReasons(reportId: SQL): SQL<string[] | null> {
  return sql`(select rr.reasons from app.readable_report_reasons rr where rr.for_report = ${reportId})`;
}
