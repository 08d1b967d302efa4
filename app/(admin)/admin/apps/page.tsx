import { AdminFrame } from "@/components/admin/admin-frame";
import { RegisterAppForm, RegisterBackendServiceForm, RevokeAppButton } from "@/components/admin/smart-client-forms";
import { ColumnHeads } from "@/components/ui/column-heads";
import { listCareTeams } from "@/db/queries/care-teams";
import { listSmartClients } from "@/db/queries/smart";
import { formatDateTime } from "@/lib/clinic-time";
import { readForPage } from "@/server/http/page";
import { registerApp, registerBackendService, revokeApp } from "./actions";

export const metadata = { title: "Connected apps" };

/**
 * The SMART apps and backend services registered for the organisation, with their last use;
 * register and revoke.
 */
export default async function AppsPage() {
  const { user, apps, teams } = await readForPage(
    { roles: ["admin"], auditAction: "smart_clients_viewed", resourceType: "smart_client_list" },
    async ({ tx, user }) => ({
      user,
      apps: await listSmartClients(tx, { organisationId: user.organisationId }),
      teams: (await listCareTeams(tx, { organisationId: user.organisationId })).filter((t) => !t.archivedAt),
    }),
  );
  return (
    <AdminFrame
      user={user}
      section="apps"
      title="Connected apps"
      lead="Apps that read the FHIR API through SMART App Launch, for a patient or clinician who allows each one and reads only what they could; and backend services, the organisation's own systems, which read the patients of the care teams you grant as those patients' consent allows. Revoking either stops it at once."
    >
      <div className="mt-4 grid gap-4 xl:grid-cols-2">
        <RegisterAppForm action={registerApp} />
        <RegisterBackendServiceForm
          action={registerBackendService}
          careTeams={teams.map((t) => ({ id: t.id, name: t.name }))}
        />
      </div>
      {apps.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-400 bg-white p-6">
          No apps or backend services are registered yet. Register the first one above.
        </p>
      ) : (
        <table className="mt-6 w-full border-collapse bg-white text-left">
          <caption className="sr-only">Connected apps</caption>
          <ColumnHeads
            labels={["Name", "client_id", "Kind", "Redirect URIs or care teams", "Last used", "Status"]}
            rowClassName="border-b-2 border-slate-300"
          />
          <tbody>
            {apps.map((a) => (
              <tr key={a.id} className="border-b border-slate-200 align-top">
                <td className="p-2 font-medium">{a.name}</td>
                <td className="p-2 font-mono text-sm">{a.id}</td>
                <td className="p-2">{a.kind === "backend" ? "Backend service" : "App"}</td>
                <td className="p-2 text-sm">
                  {(a.kind === "backend" ? a.careTeams : a.redirectUris).map((line) => (
                    <div key={line} className="break-all">
                      {line}
                    </div>
                  ))}
                </td>
                <td className="p-2">{a.lastUsedAt ? formatDateTime(a.lastUsedAt) : "Never"}</td>
                <td className="p-2">
                  {a.revokedAt ? (
                    `Revoked ${formatDateTime(a.revokedAt)}`
                  ) : (
                    <RevokeAppButton clientId={a.id} name={a.name} action={revokeApp} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminFrame>
  );
}
