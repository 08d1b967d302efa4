"use server";

import { z } from "zod";
import { idempotencyKeySchema } from "@/lib/reports/idempotency";
import { makeSymptomReportInput, reportLocaleSchema } from "@/lib/reports/validation";
import { now } from "@/server/clock";
import { action } from "@/server/http/action";
import { storeReport } from "@/server/reports/store";

const input = z.strictObject({
  idempotencyKey: idempotencyKeySchema,
  report: makeSymptomReportInput(now),
  locale: reportLocaleSchema,
});

/**
 * A signed-in patient submits the web form with the language they read it in: the report records
 * it (the clinician is told when it was not the validated wording) and the advice comes in it. The report, answers, grades, any alert and the audit
 * event are stored in one transaction; the key the form generated makes a retry store nothing new.
 */
export const submitSymptomReport = action({
  name: "symptom_report_submitted",
  roles: ["patient"],
  input,
  consent: (_, user) => ({ patientId: user.patientId, categories: ["symptoms"] }),
  run: async ({ idempotencyKey, report, locale }, ctx) => {
    const result = await storeReport(ctx, {
      patientId: ctx.user.patientId,
      source: "patient",
      idempotencyKey,
      input: report,
      locale,
    });
    if (!result.advice) throw new Error("submitReport returned no advice although a hospital line was given");
    return { reportId: result.reportId, level: result.level, advice: result.advice };
  },
});
