import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import type { AlertActionHandlers } from "@/components/alerts/alert-actions";
import { reasonsText } from "@/components/alerts/alert-reasons";
import { PageMessages } from "@/components/i18n/page-messages";
import { AlertHistory } from "@/components/patients/alert-history";
import { EmergencyBanner } from "@/components/patients/emergency-banner";
import { formatDate } from "@/components/patients/format";
import { RecordAlertActions } from "@/components/patients/record-alert-actions";
import { RecordHeader } from "@/components/patients/record-header";
import { ReportList } from "@/components/patients/report-list";
import { SymptomTimeline } from "@/components/patients/symptom-timeline";
import { TrendsNotice } from "@/components/patients/trends-notice";
import { WithheldNotice } from "@/components/patients/withheld-notice";
import { PlanSummary } from "@/components/treatment/plan-summary";
import { ToxicityGrid } from "@/components/treatment/toxicity-grid";
import { AppShell } from "@/components/ui/app-shell";
import { Section } from "@/components/ui/section";
import { listAssignableColleagues } from "@/db/queries/alert-team";
import { loadPatientRecord, type PatientRecord, type RecordAlert } from "@/db/queries/record";
import type { AlertView } from "@/lib/alerts/view";
import { SYMPTOM_ITEMS } from "@/lib/grading/items";
import { symptomNameIn } from "@/lib/grading/wording";
import { localeOfTag } from "@/lib/i18n/locales";
import { PHONE_REPORT_CATEGORIES } from "@/lib/reports/phone";
import { currentWindow, cyclePosition, cycleWindows } from "@/lib/treatment/cycles";
import { clinicDate, startOfClinicDay } from "@/lib/treatment/dates";
import { describeDoses } from "@/lib/treatment/doses";
import { type TimelineData, timelineColumns } from "@/lib/treatment/timeline";
import { toxicityOfReports } from "@/lib/treatment/toxicity";
import { symptomTrends } from "@/lib/treatment/trends";
import type { DataCategory } from "@/lib/vocabulary";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { now } from "@/server/clock";
import { readForPage } from "@/server/http/page";
import { reportSettingsFor } from "@/server/reports/settings";
import { acknowledgeAlert, addAlertNote, assignAlert, reopenAlert, resolveAlert } from "../../triage/actions";

export async function generateMetadata() {
  const t = await getTranslations("record");
  return { title: t("pageTitle") };
}

const ALL: DataCategory[] = ["demographics", "symptoms", "alerts", "treatment"];

/**
 * A patient's record: who they are and where they are in treatment, the symptom timeline, toxicity
 * by cycle, alerts with their history, every report and the treatment plan. A category the patient
 * has not shared with this clinician is named as withheld and nothing of it is read. With no
 * consent at all the record is "not found", which offers emergency access (not-found.tsx).
 */
export default async function PatientRecordPage({
  params,
  searchParams,
}: {
  params: Promise<{ patientId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { patientId } = await params;
  if (!z.uuid().safeParse(patientId).success) notFound();
  const before = (await searchParams).before;
  const reportsBefore = typeof before === "string" && !Number.isNaN(Date.parse(before)) ? new Date(before) : null;

  const { user, record, at, colleagues } = await readForPage(
    {
      roles: CLINICAL_ROLES,
      auditAction: "patient_record_viewed",
      consent: { patientId, categories: ALL },
      requireAll: false,
    },
    async ({ tx, user, readable, annotate }) => {
      const at = now();
      const record = await loadPatientRecord(tx, {
        patientId,
        viewerId: user.userId,
        readable,
        now: at,
        reportsBefore,
      });
      const withheld = ALL.filter((c) => !readable.includes(c));
      annotate({ details: { withheld: withheld.join(",") || null, emergency: record.emergency !== null } });
      // Whom each alert may be handed to: the clinicians of its care team (one statement, when there are alerts).
      const teamIds = [...new Set((record.alerts ?? []).map((a) => a.careTeamId))];
      const colleagues = teamIds.length ? await listAssignableColleagues(tx, { teamIds }) : [];
      return { user, record, at, colleagues };
    },
  );

  const withheld = ALL.filter((c) => !record.readable.includes(c));
  const today = clinicDate(at);
  const position = record.plan ? cyclePosition(record.plan, today) : null;
  const windows = record.plan ? cycleWindows(record.plan) : [];
  const openAlerts = record.alerts?.filter((a) => a.status !== "resolved") ?? null;
  const alertsByReport = new Map((record.alerts ?? []).map((a) => [a.reportId, a.severity]));
  const { triageSettings } = reportSettingsFor(user.organisationSettings);
  const tq = await getTranslations("triageQueue");
  const t = await getTranslations("record");
  const tag = await getLocale();
  const locale = localeOfTag(tag);
  const symptomNames = Object.fromEntries(SYMPTOM_ITEMS.map((item) => [item.code, symptomNameIn(item.code, locale)]));
  const timeline = record.timeline ? timelineData(record, windows, at, triageSettings, tq("reasonsWithheld")) : null;
  const grid = record.timeline && record.plan ? toxicityOfReports(record.timeline.reports, windows) : null;
  const trends = record.timeline
    ? symptomTrends(record.timeline.reports, grid, currentWindow(windows, today)?.cycleNumber ?? null)
    : [];
  // Each cycle's doses in words, for the grid's column heads: per agent when the agents differ.
  const plan = record.plan;
  const doses = new Map(plan ? plan.cycles.map((c) => [c.cycleNumber, describeDoses(c, plan.drugs)]) : []);
  const reports = record.reports ?? [];
  const olderHref =
    record.moreReports && reports.length ? `?before=${reports.at(-1)?.reportedAt.toISOString()}#reports` : null;
  const newerHref = reportsBefore ? `/patients/${patientId}#reports` : null;
  const sections = [
    { id: "timeline", label: t("secTimeline"), shown: record.timeline !== null },
    { id: "toxicity", label: t("secToxicity"), shown: grid !== null },
    { id: "alerts", label: t("secAlerts"), shown: record.alerts !== null },
    { id: "reports", label: t("secReports"), shown: record.reports !== null },
    { id: "treatment", label: t("secTreatment"), shown: record.readable.includes("treatment") },
  ].filter((s) => s.shown);

  return (
    <AppShell user={user}>
      {record.emergency && <EmergencyBanner access={record.emergency} />}
      <RecordHeader
        patientId={patientId}
        header={record.header}
        plan={record.plan}
        position={position}
        openAlerts={openAlerts}
        readable={record.readable}
        emergency={record.emergency}
        today={today}
      />
      <WithheldNotice withheld={withheld} patientId={patientId} />
      <TrendsNotice trends={trends} />
      <p className="mt-4">
        <a href={`/patients/${patientId}/summary`} className="text-blue-800 underline">
          {t("printSummary")}
        </a>
      </p>
      {sections.length > 1 && (
        <nav aria-label={t("onThisPage")} className="mt-6">
          <ul className="flex flex-wrap gap-x-5 gap-y-1">
            {sections.map((s) => (
              <li key={s.id}>
                <a href={`#${s.id}`} className="text-blue-800 underline">
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}

      {timeline && (
        <Section id="timeline" heading={t("secTimeline")} className="mt-8">
          <div className="mt-2">
            <PageMessages namespaces={["timeline"]}>
              <SymptomTimeline data={timeline} names={symptomNames} />
            </PageMessages>
          </div>
        </Section>
      )}

      {grid && (
        <Section id="toxicity" heading={t("secToxicity")} className="mt-8">
          <ToxicityGrid grid={grid} doses={doses} />
        </Section>
      )}

      {record.alerts && (
        <Section id="alerts" heading={t("secAlerts")} className="mt-8">
          <p className="text-slate-700">
            {t("alertsSince", { date: formatDate(timeline?.start ?? record.timeline?.since ?? at, tag) })}{" "}
            <Link href="/triage" className="text-blue-800 underline">
              {t("openTriage")}
            </Link>
          </p>
          <AlertHistory
            alerts={record.alerts}
            staff={record.staff}
            now={at}
            actions={(a) => (
              <RecordAlertActions
                alert={queueRow(a, record, patientId, t("aStaffMember"))}
                handlers={ALERT_HANDLERS}
                colleagues={colleagues}
                viewerId={user.userId}
                patientLabel={record.header?.name ?? t("thisPatient")}
              />
            )}
          />
        </Section>
      )}

      {record.reports && (
        <Section id="reports" heading={t("secReports")} className="mt-8">
          <p className="text-slate-700">
            {reportsBefore ? t("olderReports") : t("latestReports")} {t("openOne")}
          </p>
          {PHONE_REPORT_CATEGORIES.every((c) => record.readable.includes(c)) && (
            <p className="mt-2">
              <Link href={`/patients/${patientId}/report`} className="text-blue-800 underline">
                {t("enterPhoneReport")}
              </Link>
            </p>
          )}
          <ReportList
            reports={reports}
            alertsByReport={alertsByReport}
            staff={record.staff}
            olderHref={olderHref}
            newerHref={newerHref}
          />
        </Section>
      )}

      {record.readable.includes("treatment") && (
        <Section id="treatment" heading={t("secTreatment")} className="mt-8">
          <PlanSummary plan={record.plan} position={position} patientId={patientId} canEdit />
        </Section>
      )}
    </AppShell>
  );
}

/** The triage queue's server actions, shared by the record's alert buttons. */
const ALERT_HANDLERS: AlertActionHandlers = {
  acknowledge: acknowledgeAlert,
  assign: assignAlert,
  note: addAlertNote,
  resolve: resolveAlert,
  reopen: reopenAlert,
};

/** An alert of the record in the shape the triage queue's buttons take. */
function queueRow(a: RecordAlert, record: PatientRecord, patientId: string, someone: string): AlertView {
  const ref = (id: string | null) => (id ? { id, name: record.staff[id] ?? someone } : null);
  return {
    id: a.id,
    patientId,
    patient: record.header ? { name: record.header.name, hospitalNumber: record.header.hospitalNumber } : null,
    careTeamId: a.careTeamId,
    careTeamName: a.careTeamName,
    severity: a.severity,
    reasons: a.reasons,
    status: a.status,
    raisedAt: a.raisedAt.toISOString(),
    dueAt: a.dueAt.toISOString(),
    assignee: ref(a.assignedTo),
    acknowledgedBy: ref(a.acknowledgedBy),
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    resolvedBy: ref(a.resolvedBy),
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    outcomeCodes: a.outcomeCodes,
    version: a.version,
    reportCount: a.reportCount,
    lastReportedAt: a.lastReportedAt.toISOString(),
  };
}

/** The timeline's data, serialisable for the browser: instants as numbers. */
function timelineData(
  record: PatientRecord,
  windows: ReturnType<typeof cycleWindows>,
  at: Date,
  thresholds: { feverC: number; lowTemperatureC: number },
  reasonsWithheld: string,
): TimelineData {
  const reports = record.timeline?.reports ?? [];
  const start = record.timeline?.since.getTime() ?? at.getTime();
  const end = at.getTime();
  const cycles = record.plan?.cycles ?? [];
  const drugs = record.plan?.drugs ?? [];
  const cycleMarks = cycles.flatMap((c) => {
    const day =
      c.status === "given"
        ? (c.givenDate ?? c.plannedDate)
        : c.status === "planned" || c.status === "delayed"
          ? c.plannedDate
          : null;
    if (!day) return [];
    const mark = startOfClinicDay(day);
    return mark >= start && mark <= end
      ? [{ cycleNumber: c.cycleNumber, at: mark, given: c.status === "given", doses: describeDoses(c, drugs) }]
      : [];
  });
  return {
    start,
    end,
    ...timelineColumns(
      reports.map((r) => ({ at: r.reportedAt.getTime(), temperatureC: r.temperatureC, grades: r.grades })),
    ),
    cycleMarks,
    alerts: (record.alerts ?? [])
      .filter((a) => a.raisedAt.getTime() >= start)
      .map((a) => ({
        id: a.id,
        at: a.raisedAt.getTime(),
        severity: a.severity,
        summary: reasonsText(a.reasons, reasonsWithheld),
      })),
    windows,
    feverC: thresholds.feverC,
    lowTemperatureC: thresholds.lowTemperatureC,
  };
}
