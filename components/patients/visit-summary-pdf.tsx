/**
 * The printed summary of a record for a clinic visit, as a PDF (@react-pdf/renderer, rendered on the
 * server by app/(clinic)/patients/[patientId]/summary/route.ts): who the patient is, the current
 * plan and cycle, toxicity by cycle, charts of the symptoms that reached grade 2 or more since the
 * current cycle began and of the temperatures, open and recent alerts with their outcomes, and the
 * parts of the record the patient has not shared with the person printing it, named and left out.
 * Every chart's values are also printed as text beside it.
 */
import { Document, Page, Polyline, StyleSheet, Svg, Text, View } from "@react-pdf/renderer";
import type { PatientRecord, RecordAlert } from "@/db/queries/record";
import { CATEGORY_REVEALS } from "@/lib/consent/describe";
import type { CyclePosition } from "@/lib/treatment/cycles";
import { describeCyclePosition } from "@/lib/treatment/cycles";
import type { ToxicityGrid } from "@/lib/treatment/toxicity";
import { describeTrend, type SymptomTrend } from "@/lib/treatment/trends";
import type { SymptomSeries, TemperaturePoint } from "@/lib/treatment/visit-summary";
import type { DataCategory } from "@/lib/vocabulary";
import { ALERT_STATUS_LABELS, formatDate, formatDateTime, formatShortDay, outcomeLabel } from "./format";

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

function ToxicityTable({ grid }: { grid: ToxicityGrid }) {
  return (
    <View>
      <View style={styles.row}>
        <Text style={styles.nameCell}>Symptom</Text>
        {grid.columns.map((c) => (
          <Text key={c.key} style={styles.cell}>
            {c.label}
          </Text>
        ))}
      </View>
      {grid.rows.map((r) => (
        <View key={r.symptom} style={styles.row}>
          <Text style={styles.nameCell}>{r.label}</Text>
          {r.cells.map((g, i) => (
            <Text key={grid.columns[i]?.key ?? i} style={styles.cell}>
              {g === null ? "-" : String(g)}
            </Text>
          ))}
        </View>
      ))}
      {grid.rows.length === 0 && <Text style={styles.muted}>No symptom reached grade 1 on this plan.</Text>}
    </View>
  );
}

function AlertLine({ alert }: { alert: RecordAlert }) {
  const level = alert.severity === "red" ? "Red" : "Amber";
  const outcomes = alert.outcomeCodes.map(outcomeLabel).join(", ");
  return (
    <View style={{ marginBottom: 4 }}>
      <Text>
        {level} alert, raised {formatDateTime(alert.raisedAt)}, {ALERT_STATUS_LABELS[alert.status].toLowerCase()}
        {alert.resolvedAt ? ` ${formatDateTime(alert.resolvedAt)}` : ""}
        {alert.reportCount > 1 ? ` (${alert.reportCount} reports)` : ""}
      </Text>
      <Text style={styles.muted}>
        {alert.reasons ? `Why: ${alert.reasons.join("; ")}` : "Why: details withheld by the patient"}
        {outcomes ? `. Outcome: ${outcomes}` : ""}
      </Text>
    </View>
  );
}

export function VisitSummaryDocument({ summary }: { summary: VisitSummary }) {
  const { record, position, grid, trends, symptoms, temperatures, alerts, withheld } = summary;
  const header = record.header;
  const plan = record.plan;
  const name = header?.name ?? "Patient (personal details not shared)";
  return (
    <Document title="Clinic visit summary" author="SERUMS Oncology" language="en-GB">
      <Page size="A4" style={styles.page}>
        <Text style={styles.title}>Clinic visit summary: {name}</Text>
        {header && (
          <Text>
            Hospital number {header.hospitalNumber}, born {formatDate(header.dateOfBirth)}. {header.diagnosis}.
          </Text>
        )}
        <Text style={styles.muted}>
          Printed {formatDateTime(summary.printedAt)} by {summary.printedBy}. Confidential: patient information.
        </Text>

        {withheld.length > 0 && (
          <View style={styles.notice}>
            <Text>
              Not shared with you, and left out of this summary:{" "}
              {CATEGORY_REVEALS.filter((c) => withheld.includes(c.category))
                .map((c) => c.name)
                .join(", ")}
              .
            </Text>
          </View>
        )}

        {plan && (
          <View>
            <Text style={styles.heading}>Treatment plan</Text>
            <Text>
              {plan.regimen} ({plan.intent}), {plan.plannedCycles} cycles of {plan.cycleLengthDays} days, started{" "}
              {formatDate(plan.startDate)}.
            </Text>
            {position && <Text>Now: {describeCyclePosition(position)}.</Text>}
          </View>
        )}

        {trends.length > 0 && (
          <View>
            <Text style={styles.heading}>Trends to review</Text>
            {trends.map((t) => (
              <Text key={t.symptom}>{describeTrend(t)}</Text>
            ))}
          </View>
        )}

        {grid && (
          <View>
            <Text style={styles.heading}>Worst grade by cycle</Text>
            <ToxicityTable grid={grid} />
          </View>
        )}

        {record.timeline && (
          <View wrap={false}>
            <Text style={styles.heading}>Since {formatDate(summary.chartsSince)}: symptoms at grade 2 or more</Text>
            {symptoms.length === 0 && <Text style={styles.muted}>None.</Text>}
            {symptoms.map((s) => (
              <View key={s.symptom} style={styles.chartRow}>
                <Text style={{ width: 110 }}>{s.label}</Text>
                <Sparkline values={s.points.map((p) => p.grade)} min={0} max={4} />
                <Text style={{ marginLeft: 8, flex: 1 }}>
                  {s.points.map((p) => `${formatShortDay(p.at)}: ${p.grade}`).join(", ")}
                </Text>
              </View>
            ))}
            <Text style={styles.heading}>Temperatures since {formatDate(summary.chartsSince)}</Text>
            {temperatures.length === 0 ? (
              <Text style={styles.muted}>None reported.</Text>
            ) : (
              <View style={styles.chartRow}>
                <Text style={{ width: 110 }}>Temperature (°C)</Text>
                <Sparkline values={temperatures.map((t) => t.celsius)} min={35} max={41} />
                <Text style={{ marginLeft: 8, flex: 1 }}>
                  {temperatures.map((t) => `${formatShortDay(t.at)}: ${t.celsius.toFixed(1)}`).join(", ")}
                </Text>
              </View>
            )}
          </View>
        )}

        {alerts && (
          <View>
            <Text style={styles.heading}>Open and recent alerts</Text>
            {alerts.length === 0 ? (
              <Text style={styles.muted}>None.</Text>
            ) : (
              alerts.map((a) => <AlertLine key={a.id} alert={a} />)
            )}
          </View>
        )}
      </Page>
    </Document>
  );
}
