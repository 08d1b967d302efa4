import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { CreateDeviceForm, RevokeDeviceButton } from "@/components/reports/device-forms";
import { AppShell } from "@/components/ui/app-shell";
import { listDeviceTokens } from "@/db/queries/device-tokens";
import { formatDateTime } from "@/lib/clinic-time";
import { requirePageSession } from "@/server/auth/session";
import { readForPage } from "@/server/http/page";
import { createDevice, revokeDevice } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("devices"))("pageTitle") };
}

/** Apps and home devices that may send reports for this patient (POST /api/v1/reports). */
export default async function DevicesPage() {
  const me = await requirePageSession(["patient"]);
  const patientId = me.patientId;
  const tokens = await readForPage(
    { roles: ["patient"], auditAction: "own_devices_viewed", consent: { patientId, categories: ["symptoms"] } },
    ({ tx }) => listDeviceTokens(tx, { patientId }),
  );
  const t = await getTranslations("devices");
  const tag = await getLocale();
  const active = tokens.filter((t) => !t.revokedAt);
  return (
    <AppShell user={me}>
      <div className="mx-auto max-w-3xl">
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        <p className="mt-2 text-slate-700">{t("lead")}</p>
        <div className="mt-4">
          <CreateDeviceForm action={createDevice} />
        </div>
        {active.length === 0 ? (
          <p className="mt-6">{t("none")}</p>
        ) : (
          <ul className="mt-6 space-y-2">
            {active.map((token) => (
              <li key={token.id} className="flex flex-wrap items-center justify-between gap-2 rounded bg-white p-3">
                <span>
                  {token.lastUsedAt
                    ? t.rich("used", {
                        device: (chunks) => <span className="font-medium">{chunks}</span>,
                        name: token.name,
                        created: formatDateTime(token.createdAt, tag),
                        used: formatDateTime(token.lastUsedAt, tag),
                      })
                    : t.rich("neverUsed", {
                        device: (chunks) => <span className="font-medium">{chunks}</span>,
                        name: token.name,
                        created: formatDateTime(token.createdAt, tag),
                      })}
                </span>
                <RevokeDeviceButton tokenId={token.id} name={token.name} action={revokeDevice} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </AppShell>
  );
}
