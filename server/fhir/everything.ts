import "server-only";
/**
 * `GET /fhir/R4/Patient/{id}/$everything`: every resource of the patient's record the caller may
 * read, in one searchset (db/queries/fhir-everything.ts has the parts and their order), each part
 * only where the patient's consent gives the caller its category: the rest is left out, as the
 * record page leaves it out; a SMART app gets only the resource types its scopes let it search. Paged with `_count` and `_offset` over the whole sequence. One audit
 * event names the patient and the categories left out.
 */
import { z } from "zod";
import { readEverything } from "@/db/queries/fhir-everything";
import { scopesAllow } from "@/lib/smart/scopes";
import { isUuid } from "@/lib/uuid";
import { DATA_CATEGORIES } from "@/lib/vocabulary";
import { now } from "@/server/clock";
import { fhirResponse, fhirRoute, notAnId, PAGE, pageOf, searchBundle } from "./http";

/** The patient's id from `/Patient/{id}/$everything`; any other is a 400. */
function patientIdFromPath(request: Request): string {
  const id = new URL(request.url).pathname.split("/").at(-2) ?? "";
  if (!isUuid(id)) throw notAnId("a Patient");
  return id.toLowerCase();
}

export const patientEverything = fhirRoute({
  name: "fhir_search",
  input: z.strictObject(PAGE),
  consent: (_input, _user, request) => ({ patientId: patientIdFromPath(request), categories: DATA_CATEGORIES }),
  requireAll: false,
  run: async (query, { tx, user, request, readable, annotate }) => {
    const patientId = patientIdFromPath(request);
    const { limit, offset } = pageOf(query);
    // An app gets only the resource types its scopes let it search.
    const app = user.app;
    const types = app ? (type: string) => scopesAllow(app.scopes, type, "search") : undefined;
    const { total, page } = await readEverything(tx, { patientId, readable, types, limit, offset, now: now() });
    const withheld = DATA_CATEGORIES.filter((c) => !readable.includes(c));
    annotate({
      resourceType: "Patient",
      resourceId: patientId,
      details: { operation: "everything", total, returned: page.length, withheld: withheld.join(",") || null },
    });
    return fhirResponse(searchBundle(request, { total, count: limit, offset }, page));
  },
});
