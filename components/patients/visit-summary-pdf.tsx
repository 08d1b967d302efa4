/**
 * The printed summary of a record for a clinic visit, as a PDF (@react-pdf/renderer, rendered on the
 * server by app/(clinic)/patients/[patientId]/summary/route.ts): who the patient is, the current
 * plan and cycle, toxicity by cycle, charts of the symptoms that reached grade 2 or more since the
 * current cycle began and of the temperatures, open and recent alerts with their outcomes, and the
 * parts of the record the patient has not shared with the person printing it, named and left out.
 * Every chart's values are also printed as text beside it. It is written in the language of the
 * clinician who prints it, its dates and numbers as that language writes them.
 */
import { Document, Page, Polyline, StyleSheet, Svg, Text, View } from "@react-pdf/renderer";
import type { PatientRecord, RecordAlert } from "@/db/queries/record";
import { symptomNameIn } from "@/lib/grading/wording";
import { type Locale, localeTag } from "@/lib/i18n/locales";
import type { CyclePosition } from "@/lib/treatment/cycles";
import type { ToxicityGrid } from "@/lib/treatment/toxicity";
import type { SymptomTrend } from "@/lib/treatment/trends";
import type { SymptomSeries, TemperaturePoint } from "@/lib/treatment/visit-summary";
import type { DataCategory } from "@/lib/vocabulary";
import { formatDate, formatDateTime, formatShortDay } from "./format";
import {
  cyclePositionText,
  symptomNamesValidated,
  type Translate,
  toxicityColumnLabels,
  trendText,
} from "./record-words";

export type VisitSummary = {
  record: PatientRecord;
  printedAt: Date;
  printedBy: string;
  position: CyclePosition | null;
  grid: ToxicityGrid | null;
  /** Symptoms that rose at each of their last reports or are worse this cycle than last. */
  trends: SymptomTrend[];
  /** From when the charts run: the current cycle's first day, or the days before printing. */
  chartsSince: Date;
  symptoms: SymptomSeries[];
  temperatures: TemperaturePoint[];
  /** Open alerts, and those raised in the recent past, newest first. */
  alerts: RecordAlert[] | null;
  withheld: DataCategory[];
};

/** The language the summary is written in, and its texts. */
type Words = { t: Translate; locale: Locale; tag: string };

/** The parts of the record, in the order the patient's sharing page lists them. */
const CATEGORY_ORDER: readonly DataCategory[] = ["symptoms", "alerts", "treatment", "demographics"];

function categoryName({ t }: Words, category: DataCategory): string {
  switch (category) {
    case "symptoms":
      return t("summaryPdf.catSymptoms");
    case "alerts":
      return t("summaryPdf.catAlerts");
    case "treatment":
      return t("summaryPdf.catTreatment");
    case "demographics":
      return t("summaryPdf.catDemographics");
  }
}

function intentName({ t }: Words, intent: string): string {
  switch (intent) {
    case "curative":
      return t("summaryPdf.intentCurative");
    case "adjuvant":
      return t("summaryPdf.intentAdjuvant");
    case "neoadjuvant":
      return t("summaryPdf.intentNeoadjuvant");
    case "palliative":
      return t("summaryPdf.intentPalliative");
    default:
      return intent;
  }
}

function outcomeName({ t }: Words, code: string): string {
  switch (code) {
    case "self_care_advice":
      return t("triageQueue.outcomeSelfCare");
    case "acute_oncology_referral":
      return t("triageQueue.outcomeAcuteOncology");
    case "emergency_services":
      return t("triageQueue.outcomeEmergency");
    case "treatment_modified":
      return t("triageQueue.outcomeTreatmentModified");
    case "patient_not_contacted":
      return t("triageQueue.outcomeNotContacted");
    case "unable_to_contact":
      return t("triageQueue.outcomeUnableToContact");
    case "no_intervention_needed":
      return t("triageQueue.outcomeNoIntervention");
    default:
      return code;
  }
}

function statusName({ t }: Words, status: RecordAlert["status"]): string {
  return status === "open"
    ? t("summaryPdf.statusOpen")
    : status === "acknowledged"
      ? t("summaryPdf.statusAcknowledged")
      : t("summaryPdf.statusResolved");
}

const styles = StyleSheet.create({
  page: { padding: 36, fontSize: 9, fontFamily: "Helvetica", color: "#111" },
  title: { fontSize: 16, fontFamily: "Helvetica-Bold" },
  heading: { fontSize: 11, fontFamily: "Helvetica-Bold", marginTop: 14, marginBottom: 4 },
  muted: { color: "#444" },
  row: { flexDirection: "row", borderBottomWidth: 0.5, borderBottomColor: "#999" },
  cell: { width: 34, padding: 2, textAlign: "center" },
  nameCell: { width: 120, padding: 2 },
  chartRow: { flexDirection: "row", alignItems: "center", marginBottom: 6 },
  notice: { marginTop: 10, padding: 6, borderWidth: 0.5, borderColor: "#999" },
});

const CHART = { width: 200, height: 40 };

/** A small line chart of `values` (oldest first) between `min` and `max`. */
function Sparkline({ values, min, max }: { values: number[]; min: number; max: number }) {
  const step = values.length > 1 ? CHART.width / (values.length - 1) : 0;
  const y = (v: number) => CHART.height - ((Math.min(Math.max(v, min), max) - min) / (max - min)) * CHART.height;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  return (
    <Svg width={CHART.width} height={CHART.height} viewBox={`0 0 ${CHART.width} ${CHART.height}`}>
      <Polyline points={`0,${CHART.height} ${CHART.width},${CHART.height}`} stroke="#999" strokeWidth={0.5} />
      <Polyline
        points={values.length > 1 ? points : `0,${y(values[0] ?? min)} 4,${y(values[0] ?? min)}`}
        stroke="#1d4ed8"
        strokeWidth={1.2}
        fill="none"
      />
    </Svg>
  );
}

function ToxicityTable({ grid, words }: { grid: ToxicityGrid; words: Words }) {
  const { t, locale } = words;
  const labels = toxicityColumnLabels(t, grid);
  return (
    <View>
      <View style={styles.row}>
        <Text style={styles.nameCell}>{t("summaryPdf.symptom")}</Text>
        {grid.columns.map((c, i) => (
          <Text key={c.key} style={styles.cell}>
            {labels[i]?.label}
          </Text>
        ))}
      </View>
      {grid.rows.map((r) => (
        <View key={r.symptom} style={styles.row}>
          <Text style={styles.nameCell}>{symptomNameIn(r.symptom, locale)}</Text>
          {r.cells.map((g, i) => (
            <Text key={grid.columns[i]?.key ?? i} style={styles.cell}>
              {g === null ? "-" : String(g)}
            </Text>
          ))}
        </View>
      ))}
      {grid.rows.length === 0 && <Text style={styles.muted}>{t("summaryPdf.noneAtGrade1")}</Text>}
    </View>
  );
}

function AlertLine({ alert, words }: { alert: RecordAlert; words: Words }) {
  const { t, tag } = words;
  const status = `${statusName(words, alert.status)}${alert.resolvedAt ? ` ${formatDateTime(alert.resolvedAt, tag)}` : ""}`;
  const values = { raised: formatDateTime(alert.raisedAt, tag), status };
  const outcomes = alert.outcomeCodes.map((code) => outcomeName(words, code)).join(", ");
  return (
    <View style={{ marginBottom: 4 }}>
      <Text>
        {alert.severity === "red" ? t("summaryPdf.redAlert", values) : t("summaryPdf.amberAlert", values)}
        {alert.reportCount > 1 ? ` ${t("summaryPdf.reportCount", { count: alert.reportCount })}` : ""}
      </Text>
      <Text style={styles.muted}>
        {alert.reasons ? t("summaryPdf.why", { reasons: alert.reasons.join("; ") }) : t("summaryPdf.whyWithheld")}
        {outcomes ? `. ${t("summaryPdf.outcome", { outcomes })}` : ""}
      </Text>
    </View>
  );
}

/** The summary in `locale`, with `t` the texts of that language (lib/i18n/translate.ts). */
export function VisitSummaryDocument({ summary, t, locale }: { summary: VisitSummary; t: Translate; locale: Locale }) {
  const { record, position, grid, trends, symptoms, temperatures, alerts, withheld } = summary;
  const tag = localeTag(locale);
  const words: Words = { t, locale, tag };
  const header = record.header;
  const plan = record.plan;
  const name = header?.name ?? t("summaryPdf.noName");
  const decimal = new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const since = formatDate(summary.chartsSince, tag);
  // Symptom names come from the instrument's wording in this language, which may not be the validated one.
  const namesSymptoms = trends.length > 0 || (grid !== null && grid.rows.length > 0) || symptoms.length > 0;
  return (
    <Document title={t("summaryPdf.docTitle")} author="SERUMS Oncology" language={tag}>
      <Page size="A4" style={styles.page}>
        <Text style={styles.title}>{t("summaryPdf.title", { name })}</Text>
        {header && (
          <Text>
            {t("summaryPdf.identity", {
              hospitalNumber: header.hospitalNumber,
              born: formatDate(header.dateOfBirth, tag),
              diagnosis: header.diagnosis,
            })}
          </Text>
        )}
        <Text style={styles.muted}>
          {t("summaryPdf.printed", { when: formatDateTime(summary.printedAt, tag), who: summary.printedBy })}
        </Text>

        {withheld.length > 0 && (
          <View style={styles.notice}>
            <Text>
              {t("summaryPdf.withheld", {
                categories: CATEGORY_ORDER.filter((c) => withheld.includes(c))
                  .map((c) => categoryName(words, c))
                  .join(", "),
              })}
            </Text>
          </View>
        )}

        {namesSymptoms && !symptomNamesValidated(locale) && (
          <Text style={[styles.muted, { marginTop: 6 }]}>{t("summaryPdf.wordingNote")}</Text>
        )}

        {plan && (
          <View>
            <Text style={styles.heading}>{t("summaryPdf.planHeading")}</Text>
            <Text>
              {t("summaryPdf.plan", {
                regimen: plan.regimen,
                intent: intentName(words, plan.intent),
                cycles: plan.plannedCycles,
                days: plan.cycleLengthDays,
                date: formatDate(plan.startDate, tag),
              })}
            </Text>
            {position && <Text>{t("summaryPdf.now", { position: cyclePositionText(t, tag, position) })}</Text>}
          </View>
        )}

        {trends.length > 0 && (
          <View>
            <Text style={styles.heading}>{t("summaryPdf.trendsHeading")}</Text>
            {trends.map((trend) => (
              <Text key={trend.symptom}>{trendText(t, locale, trend)}</Text>
            ))}
          </View>
        )}

        {grid && (
          <View>
            <Text style={styles.heading}>{t("summaryPdf.gridHeading")}</Text>
            <ToxicityTable grid={grid} words={words} />
          </View>
        )}

        {record.timeline && (
          <View wrap={false}>
            <Text style={styles.heading}>{t("summaryPdf.chartsHeading", { date: since })}</Text>
            {symptoms.length === 0 && <Text style={styles.muted}>{t("summaryPdf.none")}</Text>}
            {symptoms.map((s) => (
              <View key={s.symptom} style={styles.chartRow}>
                <Text style={{ width: 110 }}>{symptomNameIn(s.symptom, locale)}</Text>
                <Sparkline values={s.points.map((p) => p.grade)} min={0} max={4} />
                <Text style={{ marginLeft: 8, flex: 1 }}>
                  {s.points.map((p) => `${formatShortDay(p.at, tag)}: ${p.grade}`).join(", ")}
                </Text>
              </View>
            ))}
            <Text style={styles.heading}>{t("summaryPdf.temperaturesHeading", { date: since })}</Text>
            {temperatures.length === 0 ? (
              <Text style={styles.muted}>{t("summaryPdf.noneReported")}</Text>
            ) : (
              <View style={styles.chartRow}>
                <Text style={{ width: 110 }}>{t("summaryPdf.temperatureLabel")}</Text>
                <Sparkline values={temperatures.map((p) => p.celsius)} min={35} max={41} />
                <Text style={{ marginLeft: 8, flex: 1 }}>
                  {temperatures.map((p) => `${formatShortDay(p.at, tag)}: ${decimal.format(p.celsius)}`).join("; ")}
                </Text>
              </View>
            )}
          </View>
        )}

        {alerts && (
          <View>
            <Text style={styles.heading}>{t("summaryPdf.alertsHeading")}</Text>
            {alerts.length === 0 ? (
              <Text style={styles.muted}>{t("summaryPdf.none")}</Text>
            ) : (
              alerts.map((a) => <AlertLine key={a.id} alert={a} words={words} />)
            )}
          </View>
        )}
      </Page>
    </Document>
  );
}
