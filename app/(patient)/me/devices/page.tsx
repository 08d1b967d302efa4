import { CreateDeviceForm, RevokeDeviceButton } from "@/components/reports/device-forms";
import { AppShell } from "@/components/ui/app-shell";
import { listDeviceTokens } from "@/db/queries/device-tokens";
import { formatDateTime } from "@/lib/clinic-time";
import { requirePageSession } from "@/server/auth/session";
import { readForPage } from "@/server/http/page";
import { createDevice, revokeDevice } from "./actions";

export const metadata = { title: "My devices" };

/** Apps and home devices that may send reports for this patient (POST /api/v1/reports). */
export default async function DevicesPage() {
  const me = await requirePageSession(["patient"]);
  const patientId = me.patientId;
  const tokens = await readForPage(
    { roles: ["patient"], auditAction: "own_devices_viewed", consent: { patientId, categories: ["symptoms"] } },
    ({ tx }) => listDeviceTokens(tx, { patientId }),
  );
  const active = tokens.filter((t) => !t.revokedAt);
  return (
    <AppShell user={me}>
      <div className="mx-auto max-w-3xl">
        <h1 className="text-2xl font-semibold">My devices</h1>
        <p className="mt-2 text-slate-700">
          A device with a token can send symptom reports for you. Revoke a token if you lose the device.
        </p>
        <div className="mt-4">
          <CreateDeviceForm action={createDevice} />
        </div>
        {active.length === 0 ? (
          <p className="mt-6">No devices can send reports for you.</p>
        ) : (
          <ul className="mt-6 space-y-2">
            {active.map((t) => (
              <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 rounded bg-white p-3">
                <span>
                  <span className="font-medium">{t.name}</span>, created {formatDateTime(t.createdAt)}
                  {t.lastUsedAt ? `, last used ${formatDateTime(t.lastUsedAt)}` : ", never used"}
                </span>
                <RevokeDeviceButton tokenId={t.id} name={t.name} action={revokeDevice} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </AppShell>
  );
}
