import "server-only";
/**
 * FHIR Bulk Data export for backend services (SMART Backend Services): the kick-off
 * (`GET /fhir/R4/$export`, `GET /fhir/R4/Group/<care team id>/$export`, with
 * `Prefer: respond-async`), the status URL it answers with (`/fhir/R4/bulk-export/<id>`: 202 with
 * `X-Progress` while the worker runs it, then the manifest; `DELETE` cancels) and the NDJSON files.
 * Only a backend service calls them, with its own token; the database shows each service its own
 * exports and files alone. The export itself runs in the worker (server/smart/bulk-export.ts).
 */
import { z } from "zod";
import {
  cancelBulkExport,
  findBulkExport,
  listBulkExportFiles,
  readBulkExportFile,
  startBulkExport,
} from "@/db/queries/bulk-exports";
import { DEVICE_TOKEN_PREFIX } from "@/db/queries/device-tokens";
import { AppError } from "@/lib/errors";
import { scopesAllow } from "@/lib/smart/scopes";
import { isUuid } from "@/lib/uuid";
import { bearerToken } from "@/server/auth/device";
import type { SessionUser } from "@/server/auth/session";
import { route } from "@/server/http/route";
import { authenticateSmartApp } from "@/server/smart/authenticate";
import { fhirBase, fhirResponse, notAnId, operationOutcome } from "./http";

/** The resource types an export can hold: those of a patient's record ($everything's parts). */
export const EXPORTABLE_TYPES = [
  "Patient",
  "Consent",
  "CarePlan",
  "MedicationRequest",
  "Flag",
  "QuestionnaireResponse",
  "Observation",
] as const;

const NDJSON_FORMATS = ["application/fhir+ndjson", "application/ndjson", "ndjson"];

/** A backend service's token, and nothing else: bulk export is not for users' apps or devices. */
async function authenticateService(request: Request): Promise<SessionUser> {
  const token = bearerToken(request);
  if (token === undefined || token.startsWith(DEVICE_TOKEN_PREFIX)) {
    throw new AppError("unauthenticated", "Bulk export is for backend services: send the service's access token.");
  }
  return authenticateSmartApp(request, token);
}

const common = {
  roles: ["system"] as const,
  authenticate: authenticateService,
  refusal: operationOutcome,
};

const kickOffInput = z.strictObject({
  _type: z
    .string()
    .max(500)
    .transform((v) => [...new Set(v.split(",").map((t) => t.trim()))])
    .pipe(
      z
        .array(z.string())
        .refine(
          (types) => types.every((t) => (EXPORTABLE_TYPES as readonly string[]).includes(t)),
          `Give resource types an export holds: ${EXPORTABLE_TYPES.join(", ")}`,
        ),
    )
    .optional(),
  _since: z
    .string()
    .max(40)
    .refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v), {
      message: "An instant with its time zone, e.g. 2026-03-01T09:30:00Z",
    })
    .transform((v) => new Date(v))
    .refine((d) => !Number.isNaN(d.getTime()), "Not a date this server can read")
    .optional(),
  _outputFormat: z
    .string()
    .refine((v) => NDJSON_FORMATS.includes(v), "Only application/fhir+ndjson is offered")
    .optional(),
});

/** The kick-off: queues the export for the worker and answers 202 with where to ask how it goes. */
function kickOff(group: (request: Request) => string | null) {
  return route({
    ...common,
    name: "fhir_export_requested",
    input: kickOffInput,
    run: async (query, { tx, user, request, annotate }) => {
      const prefer = request.headers.get("prefer") ?? "";
      if (!/(^|[\s,;])respond-async($|[\s,;])/.test(prefer)) {
        throw new AppError(
          "invalid_input",
          "Ask with the header Prefer: respond-async: an export runs in the background.",
          [{ field: "Prefer", message: "Must be respond-async" }],
        );
      }
      const scopes = user.app?.scopes ?? [];
      const allowed = EXPORTABLE_TYPES.filter((t) => scopesAllow(scopes, t, "read"));
      const types = query._type ?? allowed;
      const outside = types.filter((t) => !(allowed as readonly string[]).includes(t));
      if (types.length === 0 || outside.length > 0) {
        throw new AppError(
          "forbidden",
          `The access this service was granted does not cover ${outside.join(", ") || "any resource type an export holds"}.`,
        );
      }
      const groupId = group(request);
      const id = await startBulkExport(tx, {
        groupId,
        types: [...types],
        since: query._since ?? null,
        requestUrl: request.url,
      });
      // A group that is not one of the service's care teams is answered like one that does not exist.
      if (id === null) throw new AppError("not_found");
      annotate({ resourceType: "bulk_export", resourceId: id, details: { types: types.join(","), group: groupId } });
      return fhirResponse(
        {
          resourceType: "OperationOutcome",
          issue: [{ severity: "information", code: "informational", diagnostics: "The export has started." }],
        },
        { status: 202, headers: { "content-location": `${fhirBase(request)}/bulk-export/${id}` } },
      );
    },
  });
}

/** `GET /fhir/R4/$export`: every patient the service reads. */
export const systemExport = kickOff(() => null);

/** `GET /fhir/R4/Group/<care team id>/$export`: the patients the service reads through that care team. */
export const groupExport = kickOff((request) => {
  const id = new URL(request.url).pathname.split("/").at(-2) ?? "";
  if (!isUuid(id)) throw notAnId("a Group");
  return id.toLowerCase();
});

/** The export's id from `/fhir/R4/bulk-export/<id>[/files/<file id>]`. */
function exportIdFromPath(request: Request): string {
  const id = new URL(request.url).pathname.split("/")[4] ?? "";
  if (!isUuid(id)) throw notAnId("an export");
  return id.toLowerCase();
}

/** The status URL: 202 with progress while it runs, then the manifest; 404 for another service's. */
export const exportStatus = route({
  ...common,
  name: "fhir_export_status_read",
  run: async (_input, { tx, request, annotate }) => {
    const id = exportIdFromPath(request);
    annotate({ resourceType: "bulk_export", resourceId: id });
    const job = await findBulkExport(tx, id);
    if (!job || job.status === "cancelled") throw new AppError("not_found");
    if (job.status === "failed") {
      return operationOutcome(new AppError("internal", `The export failed: ${job.error ?? "no reason given"}.`));
    }
    if (job.status !== "completed") {
      const total = job.patientIds?.length ?? 0;
      const progress = total === 0 ? 0 : Math.floor((job.done / total) * 100);
      return new Response(null, {
        status: 202,
        headers: { "x-progress": `${progress}%`, "retry-after": "2", "cache-control": "no-store" },
      });
    }
    const base = fhirBase(request);
    const files = await listBulkExportFiles(tx, id);
    const manifest = {
      transactionTime: (job.transactionTime ?? new Date()).toISOString(),
      request: job.requestUrl,
      requiresAccessToken: true,
      output: files.map((f) => ({
        type: f.resourceType,
        url: `${base}/bulk-export/${id}/files/${f.id}`,
        count: f.count,
      })),
      error: [],
    };
    return new Response(JSON.stringify(manifest), {
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    });
  },
});

/** `DELETE` on the status URL: the export is cancelled, or a finished one's files deleted. */
export const cancelExport = route({
  ...common,
  name: "fhir_export_cancelled",
  run: async (_input, { tx, request, annotate }) => {
    const id = exportIdFromPath(request);
    annotate({ resourceType: "bulk_export", resourceId: id });
    if (!(await cancelBulkExport(tx, id))) throw new AppError("not_found");
    return fhirResponse(
      {
        resourceType: "OperationOutcome",
        issue: [{ severity: "information", code: "informational", diagnostics: "The export was cancelled." }],
      },
      { status: 202 },
    );
  },
});

/** One NDJSON file of a completed export, for the service that asked for it alone. */
export const exportFile = route({
  ...common,
  name: "fhir_export_file_read",
  run: async (_input, { tx, request, annotate }) => {
    const exportId = exportIdFromPath(request);
    const fileId = new URL(request.url).pathname.split("/").at(-1) ?? "";
    if (!isUuid(fileId)) throw notAnId("an export file");
    annotate({ resourceType: "bulk_export_file", resourceId: fileId });
    const ndjson = await readBulkExportFile(tx, { exportId, fileId: fileId.toLowerCase() });
    if (ndjson === null) throw new AppError("not_found");
    return new Response(ndjson, {
      status: 200,
      headers: { "content-type": "application/fhir+ndjson", "cache-control": "no-store" },
    });
  },
});
