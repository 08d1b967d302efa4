import { z } from "zod";
import { AppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/field-errors";
import { IDEMPOTENCY_KEY_MESSAGE, isIdempotencyKey } from "@/lib/reports/idempotency";
import { makeSymptomReportInput, type SymptomReportInput } from "@/lib/reports/validation";
import { authenticateDevice } from "@/server/auth/device";
import { now } from "@/server/clock";
import { jsonResponse } from "@/server/http/json-response";
import { route } from "@/server/http/route";
import { storeReport } from "@/server/reports/store";

/** See docs/openapi.yaml. A patient's app or home device sends one symptom report per request. */

const reportSchema = makeSymptomReportInput(now);

// The same schema and messages as the web form. Its issues are re-raised with the offending field
// as their path (an unknown key names itself, not its parent), so the problem document names it.
const reportInput = z.unknown().transform((raw, ctx): SymptomReportInput => {
  const parsed = reportSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of fieldErrors(parsed.error, { root: "report" })) {
    ctx.addIssue({ code: "custom", path: issue.field.split("."), message: issue.message });
  }
  return z.NEVER;
});

function idempotencyKey(request: Request): string {
  const key = request.headers.get("idempotency-key");
  if (key === null || !isIdempotencyKey(key)) {
    throw new AppError("invalid_input", "Send an Idempotency-Key header with this report.", [
      {
        field: "Idempotency-Key",
        message:
          key === null
            ? "Required: a key of your choosing, the same on every retry of this report"
            : IDEMPOTENCY_KEY_MESSAGE,
      },
    ]);
  }
  return key;
}

export const POST = route({
  name: "symptom_report_submitted",
  roles: ["patient"],
  authenticate: authenticateDevice,
  input: reportInput,
  consent: (_, user) => ({ patientId: user.patientId, categories: ["symptoms"] }),
  run: async (input, ctx) => {
    const result = await storeReport(
      ctx,
      { patientId: ctx.user.patientId, source: "device", idempotencyKey: idempotencyKey(ctx.request), input },
      { source: "device" },
    );
    const body = {
      reportId: result.reportId,
      reportedAt: result.reportedAt.toISOString(),
      level: result.level,
      reasons: result.reasons,
      emergency: result.emergency,
      responseMinutes: result.responseMinutes,
      grades: result.grades,
      advice: result.advice,
    };
    return jsonResponse(body, {
      status: result.replayed ? 200 : 201,
      headers: { "cache-control": "no-store", ...(result.replayed && { "idempotent-replayed": "true" }) },
    });
  },
});
