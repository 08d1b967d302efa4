"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { PhoneReportOutcome } from "@/components/reports/phone-report-form";
import { idempotencyKeySchema } from "@/lib/reports/idempotency";
import { PHONE_REPORT_CATEGORIES } from "@/lib/reports/phone";
import { makeSymptomReportInput, reportLocaleSchema } from "@/lib/reports/validation";
import { CLINICAL_ROLES } from "@/lib/vocabulary";
import { now } from "@/server/clock";
import { action } from "@/server/http/action";
import { storeReport } from "@/server/reports/store";

const input = z.strictObject({
  patientId: z.uuid(),
  idempotencyKey: idempotencyKeySchema,
  report: makeSymptomReportInput(now),
  locale: reportLocaleSchema,
});

/**
 * A nurse or oncologist enters a report the patient gave by phone. It is stored exactly as the
 * patient's own (answers, grades, any alert, in one transaction with the audit event), marked as
 * taken by phone by this clinician; the key the form generated makes a retry store nothing new.
 */
export const enterPhoneReport = action({
  name: "symptom_report_entered_by_phone",
  roles: CLINICAL_ROLES,
  input,
  consent: ({ patientId }) => ({ patientId, categories: PHONE_REPORT_CATEGORIES }),
  run: async ({ patientId, idempotencyKey, report, locale }, ctx): Promise<PhoneReportOutcome> => {
    const result = await storeReport(ctx, {
      patientId,
      source: "clinician_phone",
      idempotencyKey,
      input: report,
      locale,
    });
    revalidatePath(`/patients/${patientId}`);
    return {
      reportId: result.reportId,
      replayed: result.replayed,
      level: result.level,
      reasons: result.reasons,
      emergency: result.emergency,
      responseMinutes: result.responseMinutes,
      alertRaised: result.alertId !== null,
      alertJoined: result.alertJoined,
    };
  },
});
