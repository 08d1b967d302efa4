import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminFrame } from "@/components/admin/admin-frame";
import { RegisterAppForm, RegisterBackendServiceForm, RevokeAppButton } from "@/components/admin/smart-client-forms";
import { ColumnHeads } from "@/components/ui/column-heads";
import { listCareTeams } from "@/db/queries/care-teams";
import { listSmartClients } from "@/db/queries/smart";
import { formatDateTime } from "@/lib/clinic-time";
import { readForPage } from "@/server/http/page";
import { registerApp, registerBackendService, revokeApp } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("appsAdmin"))("pageTitle") };
}

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
  const t = await getTranslations("appsAdmin");
  const tag = await getLocale();
  return (
    <AdminFrame user={user} section="apps" title={t("pageTitle")} lead={t("lead")}>
      <div className="mt-4 grid gap-4 xl:grid-cols-2">
        <RegisterAppForm action={registerApp} />
        <RegisterBackendServiceForm
          action={registerBackendService}
          careTeams={teams.map((t) => ({ id: t.id, name: t.name }))}
        />
      </div>
      {apps.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-400 bg-white p-6">{t("none")}</p>
      ) : (
        <table className="mt-6 w-full border-collapse bg-white text-left">
          <caption className="sr-only">{t("pageTitle")}</caption>
          <ColumnHeads
            labels={[t("name"), "client_id", t("kind"), t("targets"), t("lastUsed"), t("status")]}
            rowClassName="border-b-2 border-slate-300"
          />
          <tbody>
            {apps.map((a) => (
              <tr key={a.id} className="border-b border-slate-200 align-top">
                <td className="p-2 font-medium">{a.name}</td>
                <td className="p-2 font-mono text-sm">{a.id}</td>
                <td className="p-2">{a.kind === "backend" ? t("backend") : t("app")}</td>
                <td className="p-2 text-sm">
                  {(a.kind === "backend" ? a.careTeams : a.redirectUris).map((line) => (
                    <div key={line} className="break-all">
                      {line}
                    </div>
                  ))}
                </td>
                <td className="p-2">{a.lastUsedAt ? formatDateTime(a.lastUsedAt, tag) : t("never")}</td>
                <td className="p-2">
                  {a.revokedAt ? (
                    t("revokedOn", { when: formatDateTime(a.revokedAt, tag) })
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
