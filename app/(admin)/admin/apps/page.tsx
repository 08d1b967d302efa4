import { AdminFrame } from "@/components/admin/admin-frame";
import { RegisterAppForm, RevokeAppButton } from "@/components/admin/smart-client-forms";
import { ColumnHeads } from "@/components/ui/column-heads";
import { listSmartClients } from "@/db/queries/smart";
import { formatDateTime } from "@/lib/clinic-time";
import { readForPage } from "@/server/http/page";
import { registerApp, revokeApp } from "./actions";

export const metadata = { title: "Connected apps" };

/** The SMART apps registered for the organisation, with their last use; register and revoke. */
export default async function AppsPage() {
  const { user, apps } = await readForPage(
    { roles: ["admin"], auditAction: "smart_clients_viewed", resourceType: "smart_client_list" },
    async ({ tx, user }) => ({ user, apps: await listSmartClients(tx, { organisationId: user.organisationId }) }),
  );
  return (
    <AdminFrame
      user={user}
      section="apps"
      title="Connected apps"
      lead="Apps that read the FHIR API through SMART App Launch. A patient or clinician still allows each one for themselves, and it reads only what they could. Revoking an app stops it at once."
    >
      <div className="mt-4">
        <RegisterAppForm action={registerApp} />
      </div>
      {apps.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-400 bg-white p-6">
          No apps are registered yet. Register the first one above.
        </p>
      ) : (
        <table className="mt-6 w-full border-collapse bg-white text-left">
          <caption className="sr-only">Connected apps</caption>
          <ColumnHeads
            labels={["Name", "client_id", "Redirect URIs", "Last used", "Status"]}
            rowClassName="border-b-2 border-slate-300"
          />
          <tbody>
            {apps.map((a) => (
              <tr key={a.id} className="border-b border-slate-200 align-top">
                <td className="p-2 font-medium">{a.name}</td>
                <td className="p-2 font-mono text-sm">{a.id}</td>
                <td className="p-2 text-sm">
                  {a.redirectUris.map((uri) => (
                    <div key={uri} className="break-all">
                      {uri}
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
