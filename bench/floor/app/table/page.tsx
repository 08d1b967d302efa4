import { readFileSync } from "node:fs";
import { connection } from "next/server";
import type { AlertView } from "../../../../lib/alerts/view";

/**
 * The rows of the app's triage queue (the first page the bench nurse sees), as a plain table
 * rendered on the server per request: no session, no database, no client component. The bench
 * writes them to the file FLOOR_TABLE_ROWS names before it starts this server; they are read once.
 */
let rows: AlertView[] | null = null;

function tableRows(): AlertView[] {
  const file = process.env.FLOOR_TABLE_ROWS;
  if (!file) throw new Error("FLOOR_TABLE_ROWS names no file of rows.");
  rows ??= JSON.parse(readFileSync(file, "utf8")) as AlertView[];
  return rows;
}

const time = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const when = (iso: string | null) => (iso ? time.format(new Date(iso)) : "");

export default async function TablePage() {
  await connection();
  return (
    <main>
      <h1>Triage queue</h1>
      <table>
        <thead>
          <tr>
            <th>Patient</th>
            <th>Severity</th>
            <th>Why</th>
            <th>Status</th>
            <th>Raised</th>
            <th>Due</th>
            <th>Reports</th>
            <th>Last report</th>
            <th>Assigned to</th>
            <th>Latest note</th>
          </tr>
        </thead>
        <tbody>
          {tableRows().map((row) => (
            <tr key={row.id}>
              <td>
                <a href={`/patients/${row.patientId}`}>
                  {row.patient ? `${row.patient.name} (${row.patient.hospitalNumber})` : "Name withheld"}
                </a>
              </td>
              <td>{row.severity}</td>
              <td>{row.reasons ? row.reasons.join("; ") : "Details withheld by the patient"}</td>
              <td>{row.status}</td>
              <td>{when(row.raisedAt)}</td>
              <td>{when(row.dueAt)}</td>
              <td>{row.reportCount}</td>
              <td>{when(row.lastReportedAt)}</td>
              <td>{row.assignee?.name ?? ""}</td>
              <td>{row.latestNote?.text ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
