import { renderToBuffer } from "@react-pdf/renderer";
import { z } from "zod";
import { VisitSummaryDocument } from "@/components/patients/visit-summary-pdf";
import { loadPatientRecord } from "@/db/queries/record";
import { AppError } from "@/lib/errors";
import { translatorFor } from "@/lib/i18n/translate";
import { currentWindow, cyclePosition, cycleWindows } from "@/lib/treatment/cycles";
import { clinicDate, startOfClinicDay } from "@/lib/treatment/dates";
import { toxicityOfReports } from "@/lib/treatment/toxicity";
import { symptomTrends } from "@/lib/treatment/trends";
import { symptomsToChart, temperaturesSince } from "@/lib/treatment/visit-summary";
import { CLINICAL_ROLES, DATA_CATEGORIES } from "@/lib/vocabulary";
import { now } from "@/server/clock";
import { problemFor } from "@/server/http/problem";
import { route } from "@/server/http/route";
import { localeOfRequest } from "@/server/i18n/locale";

const DAY_MS = 86_400_000;
/** Alerts resolved within this many days are "recent" on the summary; open ones are always on it. */
const RECENT_ALERT_DAYS = 30;

/**
 * The record's summary for a clinic visit, as a PDF to print: under the same consent, row-level
 * security and audit as the record page (`patient_summary_printed`, which the patient's access log
 * shows as "Printed a summary of your record"), in the language of the clinician who prints it. A part of the record the patient has not shared
 * with the clinician is named on it and left out; with nothing shared it is "not found".
 */
function summaryRoute(patientId: string) {
  return route({
    name: "patient_summary_printed",
    roles: CLINICAL_ROLES,
    consent: () => ({ patientId, categories: DATA_CATEGORIES }),
    requireAll: false,
    run: async (_input, { tx, user, readable, annotate, request }) => {
      const printedAt = now();
      const record = await loadPatientRecord(tx, { patientId, viewerId: user.userId, readable, now: printedAt });
      const withheld = DATA_CATEGORIES.filter((c) => !readable.includes(c));
      annotate({ details: { withheld: withheld.join(",") || null } });
      const today = clinicDate(printedAt);
      const windows = record.plan ? cycleWindows(record.plan) : [];
      const current = currentWindow(windows, today);
      const chartsSince = current
        ? new Date(startOfClinicDay(current.from))
        : new Date(printedAt.getTime() - (record.plan?.cycleLengthDays ?? 21) * DAY_MS);
      const reports = record.timeline?.reports ?? [];
      const grid = record.timeline && record.plan ? toxicityOfReports(reports, windows) : null;
      const recentSince = printedAt.getTime() - RECENT_ALERT_DAYS * DAY_MS;
      const locale = localeOfRequest(request, user);
      const pdf = await renderToBuffer(
        VisitSummaryDocument({
          t: translatorFor(locale),
          locale,
          summary: {
            record,
            printedAt,
            printedBy: user.displayName,
            position: record.plan ? cyclePosition(record.plan, today) : null,
            grid,
            trends: record.timeline ? symptomTrends(reports, grid, current?.cycleNumber ?? null) : [],
            chartsSince,
            symptoms: symptomsToChart(reports, chartsSince),
            temperatures: temperaturesSince(reports, chartsSince),
            alerts:
              record.alerts?.filter((a) => a.status !== "resolved" || a.raisedAt.getTime() >= recentSince) ?? null,
            withheld,
          },
        }),
      );
      return new Response(new Uint8Array(pdf), {
        headers: {
          "content-type": "application/pdf",
          "content-disposition": `inline; filename="visit-summary-${today}.pdf"`,
          "cache-control": "no-store",
        },
      });
    },
  });
}

export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  const { patientId } = await params;
  // No record has such an id: answered as a record one may not see is.
  if (!z.uuid().safeParse(patientId).success) return problemFor(new AppError("not_found"));
  return summaryRoute(patientId)(request);
}
