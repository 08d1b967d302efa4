/**
 * What the record and its printed summary say in sentences, in the reader's language: where the
 * patient is in treatment, a symptom's trend, and the toxicity grid's column heads. Pure over a
 * translator of the whole catalogue (lib/i18n/translate.ts), so the page and the PDF say the same.
 */
import { isValidatedWording, symptomNameIn } from "@/lib/grading/wording";
import type { Locale } from "@/lib/i18n/locales";
import type { translatorFor } from "@/lib/i18n/translate";
import type { CyclePosition } from "@/lib/treatment/cycles";
import { formatIsoDate } from "@/lib/treatment/dates";
import type { ToxicityGrid } from "@/lib/treatment/toxicity";
import type { SymptomTrend } from "@/lib/treatment/trends";

export type Translate = ReturnType<typeof translatorFor>;

/** "Cycle 3, day 5 of 21", "Completed: 6 cycles, last given 5 Mar 2026". */
export function cyclePositionText(t: Translate, tag: string, position: CyclePosition): string {
  switch (position.kind) {
    case "not_started":
      return position.nextDate
        ? t("cyclePosition.notStartedPlanned", {
            cycle: position.nextCycle ?? 1,
            date: formatIsoDate(position.nextDate, tag),
          })
        : t("cyclePosition.notStarted");
    case "in_cycle": {
      const values = { cycle: position.cycleNumber, day: position.dayOfCycle, length: position.cycleLengthDays };
      return position.overdue
        ? t("cyclePosition.inCycleOverdue", { ...values, next: position.nextCycle ?? position.cycleNumber + 1 })
        : t("cyclePosition.inCycle", values);
    }
    case "completed":
      return t("cyclePosition.completed", {
        count: position.lastCycle,
        date: formatIsoDate(position.lastDate, tag),
      });
    case "stopped":
      return t("cyclePosition.stopped", { date: formatIsoDate(position.stoppedOn, tag) });
  }
}

/** Whether the symptom names a clinician reads in `locale` are the instrument's validated wording. */
export const symptomNamesValidated = (locale: Locale) => locale === "en" || isValidatedWording(locale);

/** "Nausea rose at each of its last 3 reports (grade 0, then 1, then 2)." */
export function trendText(t: Translate, locale: Locale, trend: SymptomTrend): string {
  const parts: string[] = [];
  if (trend.rising) {
    parts.push(t("trends.rose", { count: trend.rising.length, grades: trend.rising.join(t("trends.then")) }));
  }
  if (trend.worseCycle) {
    const w = trend.worseCycle;
    parts.push(
      t("trends.worse", {
        cycle: w.cycle,
        grade: w.grade,
        previousCycle: w.previousCycle,
        previousGrade: w.previousGrade,
      }),
    );
  }
  const what = parts.length === 2 ? t("trends.both", { first: parts[0], second: parts[1] }) : (parts[0] ?? "");
  return t("trends.sentence", { symptom: symptomNameIn(trend.symptom, locale), what });
}

/** Each column of the toxicity grid named: "C1" and "Cycle 1", "Before C1", "After". */
export function toxicityColumnLabels(t: Translate, grid: ToxicityGrid): { label: string; longLabel: string }[] {
  const firstCycle = grid.columns.find((c) => c.cycleNumber !== null)?.cycleNumber ?? null;
  return grid.columns.map((c) => {
    if (c.cycleNumber !== null) {
      return {
        label: t("toxicity.cycle", { cycle: c.cycleNumber }),
        longLabel: t("toxicity.cycleLong", { cycle: c.cycleNumber }),
      };
    }
    if (c.key === "after") return { label: t("toxicity.after"), longLabel: t("toxicity.afterLong") };
    return firstCycle === null
      ? { label: t("toxicity.noCycle"), longLabel: t("toxicity.noCycleLong") }
      : {
          label: t("toxicity.before", { cycle: firstCycle }),
          longLabel: t("toxicity.beforeLong", { cycle: firstCycle }),
        };
  });
}
