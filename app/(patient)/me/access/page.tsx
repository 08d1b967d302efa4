import { AppShell } from "@/components/ui/app-shell";
import { ColumnHeads } from "@/components/ui/column-heads";
import { listAccessToPatient, listEmergencyAccessToPatient } from "@/db/queries/access-log";
import { describeAccess } from "@/lib/audit/describe";
import { formatDateTime } from "@/lib/clinic-time";
import { requirePageSession } from "@/server/auth/session";
import { readForPage } from "@/server/http/page";

export const metadata = { title: "Who has looked at my record" };

/** From the audit trail: every access to this patient's data by someone else, including emergencies. */
export default async function AccessLogPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const me = await requirePageSession(["patient"]);
  const patientId = me.patientId;
  const page = Math.max(1, Math.min(1000, Number.parseInt((await searchParams).page ?? "1", 10) || 1));
  const { entries, emergencies } = await readForPage(
    { roles: ["patient"], auditAction: "own_access_log_viewed", consent: { patientId, categories: ["demographics"] } },
    async ({ tx }) => ({
      entries: await listAccessToPatient(tx, { patientId, ownUserId: me.userId, limit: 50, offset: (page - 1) * 50 }),
      emergencies: await listEmergencyAccessToPatient(tx, patientId),
    }),
  );
  return (
    <AppShell user={me}>
      <div className="mx-auto max-w-3xl">
        <h1 className="text-2xl font-semibold">Who has looked at my record</h1>
        {emergencies.length > 0 && (
          <section aria-labelledby="emergency" className="mt-6 rounded border border-amber-400 bg-amber-50 p-4">
            <h2 id="emergency" className="font-semibold">
              Emergency access
            </h2>
            <ul className="mt-2 space-y-2">
              {emergencies.map((e) => (
                <li key={e.id}>
                  {e.who} {e.renewal ? "kept your record open (a renewal)" : "opened your record"} on{" "}
                  {formatDateTime(e.startedAt)} without your consent, giving the reason: “{e.reason}”.
                </li>
              ))}
            </ul>
          </section>
        )}
        {entries.length === 0 ? (
          <p className="mt-6">Nobody else has looked at your record yet.</p>
        ) : (
          <table className="mt-6 w-full border-collapse bg-white text-left">
            <caption className="sr-only">Accesses to your record, newest first</caption>
            <ColumnHeads labels={["When", "Who", "Role", "What"]} rowClassName="border-b border-slate-300" />
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} className="border-b border-slate-200">
                  <td className="p-2">{formatDateTime(e.at)}</td>
                  <td className="p-2">{e.who}</td>
                  <td className="p-2">{e.role ?? ""}</td>
                  <td className="p-2">
                    {describeAccess(e.action)}
                    {e.outcome === "denied" && " (refused)"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <nav aria-label="Pages" className="mt-4 flex gap-4">
          {page > 1 && <a href={`?page=${page - 1}`}>Newer</a>}
          {entries.length === 50 && <a href={`?page=${page + 1}`}>Older</a>}
        </nav>
      </div>
    </AppShell>
  );
}
