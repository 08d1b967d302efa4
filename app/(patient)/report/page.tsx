import { ReportForm } from "@/components/reports/report-form";
import { AppShell } from "@/components/ui/app-shell";
import { requirePageSession } from "@/server/auth/session";
import { submitSymptomReport } from "./actions";

export const metadata = { title: "Report my symptoms" };

export default async function ReportPage() {
  const user = await requirePageSession(["patient"]);
  return (
    <AppShell user={user}>
      <div className="mx-auto max-w-2xl">
        <h1 className="text-2xl font-semibold">Report my symptoms</h1>
        <p className="mt-2 text-slate-700">
          Answer what applies to you. Your answers are kept on this device until you send them. If you feel very unwell,
          do not wait: call the 24-hour line or 999.
        </p>
        <div className="mt-6">
          <ReportForm patientId={user.patientId} submit={submitSymptomReport} />
        </div>
      </div>
    </AppShell>
  );
}
