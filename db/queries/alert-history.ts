import "server-only";
/** What happened to one alert, as its history shows it. */
import { sql } from "drizzle-orm";
import type { AlertEventView } from "../../lib/alerts/view";
import type { Tx } from "../client";
import { queryRows } from "../sql";
import { reportReasons } from "./alert-reasons";
import { parseJson } from "./alert-rows";

export type ListAlertEventsParams = { alertId: string };

// History

/** What happened to one alert, oldest first. Empty when the caller may not see the alert. */
export async function listAlertEvents(tx: Tx, p: ListAlertEventsParams): Promise<AlertEventView[]> {
  const rows = await queryRows<{ row: unknown }>(
    tx,
    sql`select json_build_object('id', e.id, 'kind', e.kind, 'userId', e.user_id, 'userName', u.display_name,
          'note', e.note, 'outcomeCodes', e.outcome_codes, 'channels', e.channels, 'at', e.created_at,
          'reportId', e.report_id, 'reportSeverity', r.severity, 'reportReasons', ${reportReasons(sql`r.report_id`)}) as row
        from alert_events e left join users u on u.id = e.user_id
        left join alert_reports r on r.report_id = e.report_id and r.patient_id = e.patient_id
        where e.alert_id = ${p.alertId}::uuid
        order by e.created_at asc, e.id asc`,
  );
  return rows.map(({ row }) => {
    const r = parseJson<{
      id: string;
      kind: AlertEventView["kind"];
      userId: string;
      userName: string | null;
      note: string | null;
      outcomeCodes: string[] | null;
      channels: string[] | null;
      at: string;
      reportId: string | null;
      reportSeverity: "red" | "amber" | null;
      reportReasons: string[] | null;
    }>(row);
    return {
      id: r.id,
      kind: r.kind,
      by: { id: r.userId, name: r.userName ?? "A colleague" },
      note: r.note,
      outcomeCodes: r.outcomeCodes ?? [],
      channels: r.channels,
      at: new Date(r.at).toISOString(),
      report:
        r.reportId && r.reportSeverity
          ? { id: r.reportId, severity: r.reportSeverity, reasons: r.reportReasons }
          : null,
    };
  });
}
