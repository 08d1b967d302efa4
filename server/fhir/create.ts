import "server-only";
/**
 * POST /fhir/R4/QuestionnaireResponse: a patient's app (with the device token) or the patient's
 * own browser session sends a report as a QuestionnaireResponse of our Questionnaire. It is read
 * into the device API's report, then validated, graded, triaged and stored by the same code
 * (server/reports/store.ts), under the same idempotency rule: the client's key, from an
 * `Idempotency-Key` header or `If-None-Exist: identifier=<key>`, makes a retry answer the report
 * already stored (200) instead of storing it twice; the same key for a different report is a 409.
 */
import { z } from "zod";
import { searchFhirReports } from "@/db/queries/fhir-records";
import { AppError } from "@/lib/errors";
import { questionnaireResponseResource } from "@/lib/fhir/resources";
import { linkIdOfReportField, readQuestionnaireResponse } from "@/lib/fhir/response-input";
import { fieldErrors } from "@/lib/field-errors";
import { IDEMPOTENCY_KEY_MESSAGE, isIdempotencyKey } from "@/lib/reports/idempotency";
import { makeSymptomReportInput, type SymptomReportInput } from "@/lib/reports/validation";
import { authenticateDevice } from "@/server/auth/device";
import { now } from "@/server/clock";
import { route } from "@/server/http/route";
import { storeReport } from "@/server/reports/store";
import { FHIR_JSON, fhirBase, fhirResponse, operationOutcome } from "./http";

const reportSchema = makeSymptomReportInput(now);

type Submitted = { input: SymptomReportInput; subject: string | null };

const responseInput = z.unknown().transform((raw, ctx): Submitted => {
  const read = readQuestionnaireResponse(raw);
  if (!read.ok) {
    for (const e of read.errors) ctx.addIssue({ code: "custom", path: [e.field], message: e.message });
    return z.NEVER;
  }
  const parsed = reportSchema.safeParse(read.report);
  if (!parsed.success) {
    for (const e of fieldErrors(parsed.error, { root: "item" })) {
      ctx.addIssue({ code: "custom", path: [linkIdOfReportField(e.field)], message: e.message });
    }
    return z.NEVER;
  }
  return { input: parsed.data, subject: read.subject };
});

const keyRefused = (field: string, message: string) =>
  new AppError(
    "invalid_input",
    "Send an Idempotency-Key header, or If-None-Exist: identifier=<key>, with this report.",
    [{ field, message }],
  );

/** The client's key for this report, from either header; both given must agree. */
function idempotencyKey(request: Request): string {
  const header = request.headers.get("idempotency-key");
  const condition = request.headers.get("if-none-exist");
  let conditional: string | null = null;
  if (condition !== null) {
    const params = new URLSearchParams(condition);
    const value = params.get("identifier");
    if ([...params.keys()].join() !== "identifier" || !value) {
      throw keyRefused("If-None-Exist", "Takes identifier=<key> and nothing else");
    }
    conditional = value.slice(value.lastIndexOf("|") + 1);
  }
  const key = header ?? conditional;
  if (key === null) throw keyRefused("Idempotency-Key", "Required: a key of your choosing, the same on every retry");
  if (!isIdempotencyKey(key))
    throw keyRefused(header !== null ? "Idempotency-Key" : "If-None-Exist", IDEMPOTENCY_KEY_MESSAGE);
  if (header !== null && conditional !== null && header !== conditional) {
    throw keyRefused("If-None-Exist", "Must name the same key as the Idempotency-Key header");
  }
  return key;
}

export const createQuestionnaireResponse = route({
  name: "symptom_report_submitted",
  roles: ["patient"],
  authenticate: authenticateDevice,
  orSession: true,
  refusal: operationOutcome,
  bodyTypes: [FHIR_JSON, "application/json"],
  input: responseInput,
  consent: (_input, user) => ({ patientId: user.patientId, categories: ["symptoms"] }),
  run: async ({ input, subject }, ctx) => {
    const { user, request, tx } = ctx;
    if (subject !== null && subject.toLowerCase() !== user.patientId) {
      throw new AppError("invalid_input", "A patient sends reports about their own record only.", [
        { field: "subject", message: `Must be Patient/${user.patientId}, or left out` },
      ]);
    }
    const key = idempotencyKey(request);
    const source = user.kind === "device" ? "device" : "patient";
    const result = await storeReport(
      ctx,
      { patientId: user.patientId, source, idempotencyKey: key, input },
      { source, via: "fhir" },
    );
    const { reports } = await searchFhirReports(tx, {
      patientId: user.patientId,
      reportId: result.reportId,
      limit: 1,
      offset: 0,
    });
    if (!reports[0]) throw new AppError("internal");
    const location = `${fhirBase(request)}/QuestionnaireResponse/${result.reportId}`;
    return fhirResponse(questionnaireResponseResource(reports[0]), {
      status: result.replayed ? 200 : 201,
      headers: { location, ...(result.replayed && { "idempotent-replayed": "true" }) },
    });
  },
});
