import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { AlertState } from "@/components/reports/alert-state";
import { ReportForm } from "@/components/reports/report-form";
import { AppShell } from "@/components/ui/app-shell";
import { requirePageSession } from "@/server/auth/session";
import { readForPage } from "@/server/http/page";
import { patientAlertState } from "@/server/reports/patient-alert";
import { questionnaireSymptoms } from "@/server/reports/questionnaire";
import { hospitalLineOf } from "@/server/reports/settings";
import { submitSymptomReport } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("report"))("pageTitle") };
}

export default async function ReportPage() {
  const user = await requirePageSession(["patient"]);
  const localeTag = await getLocale();
  const { alert, symptoms } = await readForPage(
    {
      roles: ["patient"],
      auditAction: "own_report_form_viewed",
      consent: { patientId: user.patientId, categories: ["alerts", "symptoms", "treatment"] },
    },
    async ({ tx, user: me }) => ({
      alert: await patientAlertState(tx, me),
      symptoms: await questionnaireSymptoms(tx, { patientId: me.patientId, readsTreatment: true, localeTag }),
    }),
  );
  const t = await getTranslations("report");
  return (
    <AppShell user={user}>
      <div className="mx-auto max-w-2xl">
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        <p className="mt-2 text-slate-700">{t("intro", { line: hospitalLineOf(user.organisationSettings) })}</p>
        <AlertState view={alert} />
        <div className="mt-6">
          <ReportForm patientId={user.patientId} symptoms={symptoms} submit={submitSymptomReport} />
        </div>
      </div>
    </AppShell>
  );
}
