import Link from "next/link";
import { AdminFrame } from "@/components/admin/admin-frame";
import { formatDateTime } from "@/components/patients/format";
import { ScrollRegion } from "@/components/patients/scroll-region";
import { ColumnHeads } from "@/components/ui/column-heads";
import { listEmergencyAccesses } from "@/db/queries/emergency";
import { readForPage } from "@/server/http/page";

export const metadata = { title: "Emergency accesses" };

const PAGE = 50;

/**
 * Every emergency access ("break the glass") to the organisation's patients, newest first: who,
 * when, for how long and whether it renewed an earlier one, for an admin to review. Not the reason:
 * that is clinical, read only by the clinician and the patient. Patients are named by hospital
 * number only, to find the record by in the hospital's systems: admins read no clinical data and
 * no other demographics.
 */
export default async function EmergencyAccessesPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const raw = (await searchParams).before;
  const before = raw && !Number.isNaN(Date.parse(raw)) ? new Date(raw) : null;
  const { user, list } = await readForPage(
    { roles: ["admin"], auditAction: "emergency_accesses_viewed", resourceType: "emergency_accesses" },
    async ({ tx, user }) => ({ user, list: await listEmergencyAccesses(tx, { limit: PAGE + 1, before }) }),
  );
  const rows = list.rows.slice(0, PAGE);
  const more = list.rows.length > PAGE;
  const active = rows.filter((r) => r.active).length;
  return (
    <AdminFrame
      user={user}
      section="activity"
      title="Emergency accesses"
      lead="Each time a clinician opened a patient's record without consent, and who did. The reason they gave is clinical: the patient sees it, you do not. Times are UK time."
    >
      <p role="status" className="mt-4 text-slate-700">
        {rows.length === 0
          ? before
            ? "No earlier emergency accesses."
            : "No clinician has used emergency access."
          : `${rows.length} emergency access${rows.length === 1 ? "" : "es"} shown${active ? `, ${active} still in force` : ""}.`}
      </p>
      {rows.length > 0 && (
        <ScrollRegion label="Emergency accesses list" className="mt-2 overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left">
            <caption className="sr-only">Emergency accesses, newest first</caption>
            <ColumnHeads
              labels={["Started", "Clinician", "Hospital number", "Ends", "Renewal"]}
              rowClassName="border-b border-slate-300"
            />
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-200 align-top">
                  <td className="p-2 whitespace-nowrap">{formatDateTime(r.startedAt)}</td>
                  <td className="p-2">{r.clinician.name}</td>
                  <td className="p-2 font-mono text-sm">{r.hospitalNumber}</td>
                  <td className="p-2 whitespace-nowrap">
                    {formatDateTime(r.expiresAt)}
                    {r.active && <span className="ml-1 font-semibold text-red-800">(in force)</span>}
                  </td>
                  <td className="p-2">
                    {r.renewal ? (
                      <span className="font-semibold text-amber-900">Renewal of an access in force or just ended</span>
                    ) : (
                      "No"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {more && (
        <nav aria-label="Pages" className="mt-4">
          <Link
            href={`/admin/emergency-access?before=${encodeURIComponent(rows.at(-1)?.startedAt.toISOString() ?? "")}`}
            className="text-blue-800 underline"
          >
            Earlier emergency accesses
          </Link>
        </nav>
      )}
    </AdminFrame>
  );
}
