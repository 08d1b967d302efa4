/**
 * The FHIR API's two heaviest reads, as the app runs them (under RLS as the bench nurse, about the
 * record the queue and record measurements use): `Patient/{id}/$everything`'s first page of 100
 * resources, and a search of the patient's Observations (20 a page, newest report first), each
 * turned into the FHIR resources it answers with. For information beside the record's data: no
 * target is set on them.
 */

import type { Database, Tx } from "../db/client";
import { readEverything } from "../db/queries/fhir-everything";
import { searchFhirObservations } from "../db/queries/fhir-records";
import { runWithRls } from "../db/rls";
import { observationResource } from "../lib/fhir/resources";
import { DATA_CATEGORIES } from "../lib/vocabulary";
import { recordWork } from "./queries";
import { type Summary, summarise, time } from "./stats";

export type FhirResult = {
  everything: Summary;
  everythingTotal: number;
  observations: Summary;
  observationTotal: number;
};

export async function measureFhir(runtime: Database, owner: Database, runs: number): Promise<FhirResult> {
  const { patientId, context } = await recordWork(runtime, owner);
  const asNurse = <T>(work: (tx: Tx) => Promise<T>) => runWithRls(runtime, { ...context, patientId }, work);
  const everything = () =>
    asNurse((tx) =>
      readEverything(tx, { patientId, readable: DATA_CATEGORIES, limit: 100, offset: 0, now: new Date() }),
    );
  const observations = () =>
    asNurse(async (tx) => {
      const found = await searchFhirObservations(tx, { patientId, codes: null, limit: 20, offset: 0 });
      return { total: found.total, resources: found.rows.map(observationResource) };
    });
  const [first, search] = await Promise.all([everything(), observations()]);
  return {
    everything: summarise(await time(everything, runs)),
    everythingTotal: first.total,
    observations: summarise(await time(observations, runs)),
    observationTotal: search.total,
  };
}
