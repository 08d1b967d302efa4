/**
 * The FHIR R4 API (/fhir/R4), called through its exported route handlers as Next.js calls them,
 * against the test file's own database (only next-auth's cookie decoding is replaced). Every
 * resource and Bundle any call returns, refusals included, is checked against the official
 * fhir.schema.json with 0 errors; the Questionnaire against the composite grading data; and the
 * patient's consent, exactly as the pages apply it.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test, vi } from "vitest";

const app = await vi.hoisted(() => import("./support/signed-in-app"));
vi.mock("next-auth", () => app.nextAuth);
vi.mock("@/server/database", () => app.serverDatabase);
vi.mock("next/cache", () => app.nextCache);

import { NextRequest } from "next/server";
import { revokeRule } from "../app/(patient)/me/sharing/actions";
import { POST as deviceReport } from "../app/api/v1/reports/route";
import { GET as otherPath, POST as otherPost } from "../app/fhir/R4/[...path]/route";
import { GET as readAuditEvent } from "../app/fhir/R4/AuditEvent/[id]/route";
import { GET as searchAuditEvents } from "../app/fhir/R4/AuditEvent/route";
import { GET as readCarePlan } from "../app/fhir/R4/CarePlan/[id]/route";
import { GET as searchCarePlans } from "../app/fhir/R4/CarePlan/route";
import { GET as readCodeSystem } from "../app/fhir/R4/CodeSystem/[id]/route";
import { GET as readConsent } from "../app/fhir/R4/Consent/[id]/route";
import { GET as searchConsents } from "../app/fhir/R4/Consent/route";
import { GET as readFlag } from "../app/fhir/R4/Flag/[id]/route";
import { GET as searchFlags } from "../app/fhir/R4/Flag/route";
import { GET as readMedicationRequest } from "../app/fhir/R4/MedicationRequest/[id]/route";
import { GET as searchMedicationRequests } from "../app/fhir/R4/MedicationRequest/route";
import { GET as metadata } from "../app/fhir/R4/metadata/route";
import { GET as readObservation } from "../app/fhir/R4/Observation/[id]/route";
import { GET as searchObservations } from "../app/fhir/R4/Observation/route";
import { GET as patientEverything } from "../app/fhir/R4/Patient/[id]/$everything/route";
import { GET as readPatient } from "../app/fhir/R4/Patient/[id]/route";
import { GET as readQuestionnaire } from "../app/fhir/R4/Questionnaire/[id]/route";
import { GET as readResponse } from "../app/fhir/R4/QuestionnaireResponse/[id]/route";
import { POST as createResponse, GET as searchResponses } from "../app/fhir/R4/QuestionnaireResponse/route";
import { createDeviceToken } from "../db/queries/device-tokens";
import { SYMPTOM_ITEMS } from "../lib/grading/items";
import compositeGrading from "../lib/grading/pro-ctcae-composite-grading.json";
import { proxy } from "../proxy";
import { rowsOf } from "./support/database";
import { fhirSchemaErrors } from "./support/fhir-schema";
import { as, DENY_RULE_P2, PATIENT, RECORDS, TEAM, USER } from "./support/fixtures";
import { appDatabaseWithSessions, signedInAs } from "./support/signed-in-app";

const db = appDatabaseWithSessions("fhir_api", ["nurseA1", "oncologistA1", "nurseB", "adminA", "patientP1"]);
const BASE = "http://localhost:3100/fhir/R4";
const CS = "https://fhir.serums-oncology.example/CodeSystem/pro-ctcae";

type Handler = (request: Request) => Promise<Response>;
// biome-ignore lint/suspicious/noExplicitAny: answers are FHIR JSON, read by path in assertions and checked by the schema
type Json = Record<string, any>;

/** Calls a handler; the answer must be FHIR JSON that fhir.schema.json accepts, entries included. */
async function call(handler: Handler, path: string, headers: Record<string, string> = {}) {
  const response = await handler(new Request(`${BASE}${path}`, { headers }));
  expect(response.headers.get("content-type")).toMatch(/^application\/fhir\+json/);
  const body = (await response.json()) as Json;
  expect(fhirSchemaErrors(body)).toEqual([]);
  for (const entry of body.entry ?? []) expect(fhirSchemaErrors(entry.resource)).toEqual([]);
  return { status: response.status, body };
}

/** The sentence of an OperationOutcome. */
const sentence = (body: Json) => {
  expect(body.resourceType).toBe("OperationOutcome");
  return String(body.issue[0].diagnostics);
};

let deviceToken = "";
let reportId = "";

async function auditMark(): Promise<number> {
  const [row] = await db.asOwner((o) =>
    rowsOf<{ id: string }>(o, sql`select coalesce(max(id), 0)::text as id from audit_events`),
  );
  return Number(row.id);
}
const auditAfter = (mark: number) =>
  db.asOwner((o) =>
    rowsOf<{
      action: string;
      outcome: string;
      patient_id: string | null;
      actor_user_id: string;
      resource_type: string;
    }>(
      o,
      sql`select action, outcome::text, patient_id, actor_user_id, resource_type from audit_events where id > ${mark} order by id`,
    ),
  );

beforeAll(async () => {
  ({ token: deviceToken } = await as(db, USER.patientP1, (tx) =>
    createDeviceToken(tx, { patientId: PATIENT.P1, name: "FHIR test phone", now: new Date() }),
  ));
  // A report as a device sends it: pain answered in full, nausea skipped after "Never", a temperature.
  const response = await deviceReport(
    new Request("http://localhost:3100/api/v1/reports", {
      method: "POST",
      headers: {
        authorization: `Bearer ${deviceToken}`,
        "content-type": "application/json",
        "idempotency-key": "fhir-1",
      },
      body: JSON.stringify({
        answers: { general_pain: { frequency: 3, severity: 2, interference: 1 }, nausea: { frequency: 0 } },
        temperatureC: 37.9,
        canWait: true,
      }),
    }),
  );
  expect(response.status).toBe(201);
  ({ reportId } = (await response.json()) as { reportId: string });
});

describe("metadata and definitions", () => {
  test("the CapabilityStatement lists exactly the resource types and searches that answer", async () => {
    const { status, body } = await call(metadata, "/metadata");
    expect(status).toBe(200);
    expect(body.fhirVersion).toBe("4.0.1");
    const resources = body.rest[0].resource as Json[];
    expect(resources.map((r) => r.type).sort()).toEqual(
      [
        "AuditEvent",
        "CarePlan",
        "CodeSystem",
        "Consent",
        "Flag",
        "MedicationRequest",
        "Observation",
        "Patient",
        "Questionnaire",
        "QuestionnaireResponse",
      ].sort(),
    );
    const searches: Record<string, Handler> = {
      Observation: searchObservations,
      QuestionnaireResponse: searchResponses,
      Flag: searchFlags,
      AuditEvent: searchAuditEvents,
      CarePlan: searchCarePlans,
      Consent: searchConsents,
      MedicationRequest: searchMedicationRequests,
    };
    signedInAs("nurseA1");
    for (const r of resources) {
      const searchable = (r.interaction as Json[]).some((i) => i.code === "search-type");
      expect(searchable).toBe(r.type in searches);
      if (!searchable) continue;
      // Every listed parameter is taken (the values are valid for each type).
      const values: Record<string, string> = {
        patient: `Patient/${PATIENT.P1}`,
        date: "ge2020-01-01",
        authored: "ge2020-01-01",
        identifier: "fhir-1",
        _lastUpdated: "ge2020-01",
        code: "proctcae-48a-frq",
        _count: "5",
        _offset: "0",
      };
      const params = new URLSearchParams((r.searchParam as Json[]).map((p) => [p.name, values[p.name]]));
      // Only the patient reads the access log of their record.
      signedInAs(r.type === "AuditEvent" ? "patientP1" : "nurseA1");
      const { status: searched } = await call(searches[r.type], `/${r.type}?${params}`);
      expect(searched, `${r.type}?${params}`).toBe(200);
    }
  });

  test("the Questionnaire asks the core items with the composite grading's scales, and skips follow-ups after 0", async () => {
    signedInAs("patientP1");
    const { status, body } = await call(readQuestionnaire, "/Questionnaire/pro-ctcae-core");
    expect(status).toBe(200);
    const groups = (body.item as Json[]).filter((i) => i.type === "group");
    expect(groups.map((g) => g.linkId)).toEqual(SYMPTOM_ITEMS.map((i) => `proctcae-${i.itemNumber}`));
    const scales = compositeGrading.scales as Record<string, string[]>;
    const TABLE: Record<string, string> = { frequency: "freq", severity: "sev", interference: "int" };
    for (const [index, item] of SYMPTOM_ITEMS.entries()) {
      const questions = groups[index].item as Json[];
      expect(questions.map((q) => q.linkId)).toEqual(
        item.attributes.map(
          (a, n) =>
            `proctcae-${item.itemNumber}${"abc"[n]}-${{ frequency: "frq", severity: "sev", interference: "int", amount: "amt", presence: "prs" }[a]}`,
        ),
      );
      for (const [n, attribute] of item.attributes.entries()) {
        const q = questions[n];
        expect(q.answerOption.map((o: Json) => o.valueCoding.display)).toEqual(scales[attribute]);
        expect(q.answerOption.map((o: Json) => o.valueCoding.code)).toEqual(
          scales[attribute].map((_, v) => `proctcae-${attribute}-${v}`),
        );
        expect(q.answerOption.every((o: Json) => o.valueCoding.system === CS)).toBe(true);
        if (n === 0) expect(q.enableWhen).toBeUndefined();
        else
          expect(q.enableWhen).toContainEqual({
            question: questions[0].linkId,
            operator: "!=",
            answerCoding: expect.objectContaining({ code: `proctcae-${item.attributes[0]}-0` }),
          });
      }
      // Each graded item's attributes have a table in the published grading, over the values offered.
      if (item.attributes.includes("presence")) continue;
      const name =
        item.attributes.length === 1 && (item.attributes[0] === "amount" || item.attributes[0] === "interference")
          ? "interference_or_amount"
          : item.attributes.map((a) => TABLE[a]).join("_");
      const table = (compositeGrading.tables as Record<string, Record<string, number>>)[name];
      expect(table, `${item.code}: ${name}`).toBeDefined();
      for (const key of Object.keys(table)) {
        expect(key).toHaveLength(item.attributes.length);
        for (const [n, digit] of [...key].entries())
          expect(Number(digit)).toBeLessThan(scales[item.attributes[n]].length);
      }
    }
  });

  test("a resource type or interaction not implemented is a 404 OperationOutcome pointing to metadata", async () => {
    signedInAs("nurseA1");
    for (const handler of [otherPath, otherPost]) {
      const { status, body } = await call(handler, "/Encounter?patient=x");
      expect(status).toBe(404);
      expect(sentence(body)).toContain("/fhir/R4/metadata");
    }
  });

  test("the CodeSystem defines every code the Questionnaire uses", async () => {
    signedInAs("nurseA1");
    const { body: cs } = await call(readCodeSystem, "/CodeSystem/pro-ctcae");
    const { body: q } = await call(readQuestionnaire, "/Questionnaire/pro-ctcae-core");
    const defined = new Set((cs.concept as Json[]).map((c) => c.code));
    const used = JSON.stringify(q).match(/"code":"proctcae-[^"]+"/g) ?? [];
    expect(used.length).toBeGreaterThan(100);
    for (const code of used) expect(defined.has(code.slice(8, -1))).toBe(true);
    expect((await call(readQuestionnaire, "/Questionnaire/other")).status).toBe(404);
  });
});

describe("reading a patient's record", () => {
  test("a clinician with consent reads the Patient; the read is audited once, naming the patient", async () => {
    signedInAs("nurseA1");
    const mark = await auditMark();
    const { status, body } = await call(readPatient, `/Patient/${PATIENT.P1}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ resourceType: "Patient", id: PATIENT.P1, birthDate: expect.any(String) });
    expect(await auditAfter(mark)).toEqual([
      {
        action: "fhir_read",
        outcome: "allowed",
        patient_id: PATIENT.P1,
        actor_user_id: USER.nurseA1,
        resource_type: "Patient",
      },
    ]);
  });

  test("the device's report is one QuestionnaireResponse, with a follow-up skipped after 0 left out", async () => {
    signedInAs("nurseA1");
    const { status, body } = await call(readResponse, `/QuestionnaireResponse/${reportId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: reportId, status: "completed", subject: { reference: `Patient/${PATIENT.P1}` } });
    const pain = (body.item as Json[]).find((i) => i.linkId === "proctcae-48");
    expect(pain?.item.map((i: Json) => [i.linkId, i.answer[0].valueCoding.code])).toEqual([
      ["proctcae-48a-frq", "proctcae-frequency-3"],
      ["proctcae-48b-sev", "proctcae-severity-2"],
      ["proctcae-48c-int", "proctcae-interference-1"],
    ]);
    const nausea = (body.item as Json[]).find((i) => i.linkId === "proctcae-9");
    expect(nausea?.item.map((i: Json) => i.linkId)).toEqual(["proctcae-9a-frq"]);
    expect((body.item as Json[]).find((i) => i.linkId === "temperature")?.answer).toEqual([{ valueDecimal: 37.9 }]);

    const search = await call(searchResponses, `/QuestionnaireResponse?patient=Patient/${PATIENT.P1}&authored=ge2020`);
    expect(search.body).toMatchObject({ type: "searchset", total: 3 });
    expect(search.body.entry.map((e: Json) => e.resource.id)).toContain(reportId);
  });

  test("Observations: each answer, each composite grade and the temperature (LOINC 8310-5, Cel)", async () => {
    signedInAs("oncologistA1");
    const { body } = await call(searchObservations, `/Observation?patient=${PATIENT.P1}&_count=100`);
    const ofReport = (body.entry as Json[])
      .map((e) => e.resource)
      .filter((o) => o.derivedFrom[0].reference.endsWith(reportId));
    const codes = ofReport.map((o) => o.code.coding[0].code).sort();
    expect(codes).toEqual(
      [
        "8310-5",
        "proctcae-48-grade",
        "proctcae-48a-frq",
        "proctcae-48b-sev",
        "proctcae-48c-int",
        "proctcae-9-grade",
        "proctcae-9a-frq",
      ].sort(),
    );
    const grade = ofReport.find((o) => o.code.coding[0].code === "proctcae-48-grade");
    // Pain: frequency 3, severity 2, interference 1 is grade 2 in the published table.
    expect(compositeGrading.tables.freq_sev_int["321"]).toBe(2);
    expect(grade.valueInteger).toBe(2);
    const temperature = ofReport.find((o) => o.code.coding[0].code === "8310-5");
    expect(temperature).toMatchObject({
      code: { coding: [{ system: "http://loinc.org", code: "8310-5" }] },
      valueQuantity: { value: 37.9, unit: "Cel", system: "http://unitsofmeasure.org", code: "Cel" },
      category: [{ coding: [{ code: "vital-signs" }] }],
    });
    // Each is read again by its id.
    for (const o of ofReport) {
      const read = await call(readObservation, `/Observation/${o.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(o);
    }
  });

  test("search by code, date and _lastUpdated, and paging with _count and next links", async () => {
    signedInAs("nurseA1");
    const byCode = await call(
      searchObservations,
      `/Observation?patient=${PATIENT.P1}&code=http://loinc.org|8310-5,${CS}|proctcae-48-grade`,
    );
    expect(byCode.body.total).toBe(2);
    const future = await call(searchObservations, `/Observation?patient=${PATIENT.P1}&date=gt2100-01-01`);
    expect(future.body.total).toBe(0);
    const range = await call(
      searchObservations,
      `/Observation?patient=${PATIENT.P1}&date=ge2020-01-01&date=lt2100-01-01&_lastUpdated=ge2020-01-01T00:00:00Z`,
    );
    const all = await call(searchObservations, `/Observation?patient=${PATIENT.P1}&_count=100`);
    expect(range.body.total).toBe(all.body.total);
    expect(all.body.total).toBeGreaterThan(3);

    const seen: string[] = [];
    let next: string | undefined = `/Observation?patient=${PATIENT.P1}&_count=3`;
    for (let pages = 0; next && pages < 20; pages++) {
      const page = await call(searchObservations, next);
      expect(page.body.total).toBe(all.body.total);
      seen.push(...(page.body.entry ?? []).map((e: Json) => e.resource.id));
      const link = (page.body.link as Json[]).find((l) => l.relation === "next");
      next = link ? String(link.url).slice(BASE.length) : undefined;
    }
    expect(seen).toEqual(all.body.entry.map((e: Json) => e.resource.id));
  });

  test("links and full URLs name the site as the client reaches it, behind a proxy too", async () => {
    signedInAs("nurseA1");
    const { body } = await call(searchResponses, `/QuestionnaireResponse?patient=${PATIENT.P1}&_count=1`, {
      host: "localhost:3000",
      "x-forwarded-host": "oncology.hospital.example",
      "x-forwarded-proto": "https",
    });
    const site = process.env.NEXTAUTH_URL
      ? new URL(process.env.NEXTAUTH_URL).origin
      : "https://oncology.hospital.example";
    expect(body.entry[0].fullUrl).toBe(`${site}/fhir/R4/QuestionnaireResponse/${body.entry[0].resource.id}`);
    for (const link of body.link as Json[])
      expect(String(link.url).startsWith(`${site}/fhir/R4/QuestionnaireResponse?`)).toBe(true);
  });

  test("alerts are Flags; reasons show only to a clinician who may read the symptoms too", async () => {
    signedInAs("nurseA1");
    const own = await call(readFlag, `/Flag/${RECORDS.P1.alert}`);
    expect(own.body).toMatchObject({
      resourceType: "Flag",
      status: "active",
      subject: { reference: `Patient/${PATIENT.P1}` },
    });
    expect(own.body.code.text).not.toContain("withheld");
    // P2 withholds symptoms from nurse A1: she sees the alert, not what it quotes.
    const withheld = await call(searchFlags, `/Flag?patient=${PATIENT.P2}`);
    expect(withheld.body.total).toBe(1);
    expect(withheld.body.entry[0].resource.code.text).toBe("Amber alert: Details withheld by the patient");
  });
});

/** A QuestionnaireResponse of our Questionnaire with these answers (linkId → answer code), pain first. */
function response(answers: Record<string, string>, extra: Json[] = []): Json {
  return {
    resourceType: "QuestionnaireResponse",
    questionnaire: "https://fhir.serums-oncology.example/Questionnaire/pro-ctcae-core",
    status: "completed",
    subject: { reference: `Patient/${PATIENT.P1}` },
    item: [
      {
        linkId: "proctcae-48",
        item: Object.entries(answers).map(([linkId, code]) => ({
          linkId,
          answer: [{ valueCoding: { system: CS, code } }],
        })),
      },
      ...extra,
    ],
  };
}

async function post(body: unknown, headers: Record<string, string>) {
  const response = await createResponse(
    new Request(`${BASE}/QuestionnaireResponse`, {
      method: "POST",
      headers: { "content-type": "application/fhir+json", ...headers },
      body: JSON.stringify(body),
    }),
  );
  const json = (await response.json()) as Json;
  expect(fhirSchemaErrors(json)).toEqual([]);
  return { status: response.status, body: json, location: response.headers.get("location") };
}

const reportCount = async () => {
  const [row] = await db.asOwner((o) =>
    rowsOf<{ n: number }>(o, sql`select count(*)::int as n from symptom_reports where patient_id = ${PATIENT.P1}`),
  );
  return row.n;
};

describe("the treatment plan", () => {
  const P1 = RECORDS.P1;

  test("the plan is a CarePlan whose activities are each agent of each cycle, as MedicationRequests", async () => {
    signedInAs("nurseA1");
    const mark = await auditMark();
    const plans = await call(searchCarePlans, `/CarePlan?patient=Patient/${PATIENT.P1}`);
    expect(plans.status).toBe(200);
    expect(plans.body.total).toBe(1);
    const plan = plans.body.entry[0].resource;
    expect(plan).toMatchObject({
      resourceType: "CarePlan",
      id: P1.plan,
      status: "active",
      intent: "plan",
      subject: { reference: `Patient/${PATIENT.P1}` },
      period: { start: "2026-01-05" },
    });
    const ids = [`${P1.cycle}-1`, `${P1.cycle}-2`];
    expect(plan.activity.map((a: Json) => a.reference.reference)).toEqual(ids.map((id) => `MedicationRequest/${id}`));
    expect((await call(readCarePlan, `/CarePlan/${P1.plan}`)).body).toEqual(plan);

    const requests = await call(searchMedicationRequests, `/MedicationRequest?patient=${PATIENT.P1}`);
    expect(requests.body.entry.map((e: Json) => e.resource.id)).toEqual(ids);
    // Epirubicin has a dose of its own; cyclophosphamide, without one, is at the cycle's level.
    const [epirubicin, cyclophosphamide] = requests.body.entry.map((e: Json) => e.resource);
    expect(epirubicin).toMatchObject({
      status: "active",
      intent: "order",
      medicationCodeableConcept: { text: "epirubicin" },
      basedOn: [{ reference: `CarePlan/${P1.plan}` }],
      extension: [
        {
          url: "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-treatment-intent",
          valueCodeableConcept: { coding: [{ system: "http://snomed.info/sct", code: "373808002" }], text: "Adjuvant" },
        },
      ],
      dosageInstruction: [{ sequence: 1, text: "Cycle 1 of 6, 100% of the full dose, on 2026-01-05" }],
    });
    expect(cyclophosphamide.medicationCodeableConcept.text).toBe("cyclophosphamide");
    expect((await call(readMedicationRequest, `/MedicationRequest/${ids[1]}`)).body).toEqual(cyclophosphamide);
    expect((await auditAfter(mark)).map((e) => [e.action, e.outcome, e.patient_id, e.resource_type])).toEqual([
      ["fhir_search", "allowed", PATIENT.P1, "CarePlan"],
      ["fhir_read", "allowed", PATIENT.P1, "CarePlan"],
      ["fhir_search", "allowed", PATIENT.P1, "MedicationRequest"],
      ["fhir_read", "allowed", PATIENT.P1, "MedicationRequest"],
    ]);
  });

  test("paged like every search; an id this server never gives is 400, one it does not hold 404", async () => {
    signedInAs("nurseA1");
    const first = await call(searchMedicationRequests, `/MedicationRequest?patient=${PATIENT.P1}&_count=1`);
    expect(first.body.entry).toHaveLength(1);
    expect(first.body.link.find((l: Json) => l.relation === "next").url).toContain("_offset=1");
    for (const id of ["not-an-id", `${P1.cycle}-0`, `${P1.cycle}`]) {
      expect((await call(readMedicationRequest, `/MedicationRequest/${id}`)).status, id).toBe(400);
    }
    expect((await call(readMedicationRequest, `/MedicationRequest/${P1.cycle}-3`)).status).toBe(404);
    expect((await call(readMedicationRequest, `/MedicationRequest/${P1.report}-1`)).status).toBe(404);
    expect((await call(readCarePlan, `/CarePlan/${P1.report}`)).status).toBe(404);
  });

  test("another organisation's clinician and another patient get 404; the patient reads their own", async () => {
    signedInAs("nurseB");
    expect((await call(readCarePlan, `/CarePlan/${P1.plan}`)).status).toBe(404);
    expect((await call(readMedicationRequest, `/MedicationRequest/${P1.cycle}-1`)).status).toBe(404);
    expect((await call(searchCarePlans, `/CarePlan?patient=${PATIENT.P1}`)).status).toBe(404);
    signedInAs("patientP1");
    expect((await call(readCarePlan, `/CarePlan/${RECORDS.P2.plan}`)).status).toBe(404);
    expect((await call(searchCarePlans, "/CarePlan")).body.total).toBe(1);
  });
});

describe("consent rules as Consent", () => {
  test("each rule permits or denies a care team or a person some categories", async () => {
    signedInAs("oncologistA1");
    const { status, body } = await call(searchConsents, `/Consent?patient=${PATIENT.P2}`);
    expect(status).toBe(200);
    const rules = body.entry.map((e: Json) => e.resource);
    expect(rules.map((r: Json) => r.id).sort()).toEqual([DENY_RULE_P2, RECORDS.P2.allowRule].sort());
    const deny = rules.find((r: Json) => r.id === DENY_RULE_P2);
    const allow = rules.find((r: Json) => r.id === RECORDS.P2.allowRule);
    expect(deny).toMatchObject({
      status: "active",
      scope: { coding: [{ code: "patient-privacy" }] },
      patient: { reference: `Patient/${PATIENT.P2}` },
      provision: {
        type: "deny",
        actor: [{ reference: { identifier: { value: USER.nurseA1 } } }],
        code: [{ coding: [{ code: "symptoms", display: "Symptom reports" }] }],
      },
    });
    expect(allow.provision).toMatchObject({
      type: "permit",
      actor: [{ reference: { identifier: { value: TEAM.A1 } } }],
    });
    expect(allow.provision.code.map((c: Json) => c.coding[0].code).sort()).toEqual(
      ["alerts", "demographics", "symptoms", "treatment"].sort(),
    );
    expect((await call(readConsent, `/Consent/${DENY_RULE_P2}`)).body).toEqual(deny);
  });

  test("read like the personal details: the patient their own; nobody else's; another organisation 404", async () => {
    signedInAs("patientP1");
    expect((await call(searchConsents, "/Consent")).body.total).toBeGreaterThanOrEqual(1);
    expect((await call(readConsent, `/Consent/${DENY_RULE_P2}`)).status).toBe(404);
    signedInAs("nurseB");
    expect((await call(readConsent, `/Consent/${RECORDS.P1.allowRule}`)).status).toBe(404);
    expect((await call(searchConsents, `/Consent?patient=${PATIENT.P1}`)).status).toBe(404);
    expect((await call(readConsent, "/Consent/not-an-id")).status).toBe(400);
  });
});

describe("the access log as AuditEvent", () => {
  test("the patient reads who used their record: one event each, the patient named once as its entity", async () => {
    signedInAs("nurseA1");
    await call(readPatient, `/Patient/${PATIENT.P1}`);
    signedInAs("patientP1");
    const { status, body } = await call(searchAuditEvents, "/AuditEvent?_count=100");
    expect(status).toBe(200);
    const events = body.entry.map((e: Json) => e.resource);
    expect(events.length).toBe(body.total);
    for (const event of events) {
      expect(event.entity).toEqual([expect.objectContaining({ what: { reference: `Patient/${PATIENT.P1}` } })]);
      expect(event.agent[0].who.identifier.value).not.toBe(USER.patientP1);
    }
    const [latest] = events;
    expect(latest).toMatchObject({
      type: { code: "rest" },
      subtype: [{ code: "read" }],
      action: "R",
      outcome: "0",
      agent: [{ requestor: true, who: { identifier: { value: USER.nurseA1 } } }],
    });
    expect((await call(readAuditEvent, `/AuditEvent/${latest.id}`)).body).toEqual(latest);
    // A use of the record other than through FHIR, in the words the patient reads.
    expect(events).toContainEqual(
      expect.objectContaining({ type: expect.objectContaining({ code: "record_viewed" }), action: "R" }),
    );
  });

  test("a device reads its patient's log; a clinician is refused; an id not theirs is 404, a bad one 400", async () => {
    signedInAs(null);
    const bearer = { authorization: `Bearer ${deviceToken}` };
    expect((await call(searchAuditEvents, "/AuditEvent", bearer)).body.total).toBeGreaterThan(0);
    signedInAs("nurseA1");
    const refused = await call(searchAuditEvents, `/AuditEvent?patient=${PATIENT.P1}`);
    expect(refused.status).toBe(403);
    expect(sentence(refused.body)).toBe("Only the patient reads the access log of their record.");
    signedInAs("patientP1");
    const [other] = await db.asOwner((o) =>
      rowsOf<{ id: string }>(o, sql`select id::text as id from audit_events where patient_id = ${PATIENT.P2} limit 1`),
    );
    expect((await call(readAuditEvent, `/AuditEvent/${other.id}`)).status).toBe(404);
    expect((await call(readAuditEvent, "/AuditEvent/abc")).status).toBe(400);
  });
});

describe("Patient/$everything", () => {
  const everything = (patientId: string, query = "") =>
    call(patientEverything, `/Patient/${patientId}/$everything${query}`);
  const typesOf = (body: Json) => (body.entry ?? []).map((e: Json) => e.resource.resourceType as string);

  test("the whole record the caller may read, part by part, as one searchset, audited once", async () => {
    signedInAs("nurseA1");
    const mark = await auditMark();
    const { status, body } = await everything(PATIENT.P1, "?_count=100");
    expect(status).toBe(200);
    const types = typesOf(body);
    expect(body.total).toBe(types.length);
    expect([...new Set(types)]).toEqual([
      "Patient",
      "Consent",
      "CarePlan",
      "MedicationRequest",
      "Flag",
      "QuestionnaireResponse",
      "Observation",
    ]);
    // The same resources as the searches of each type give.
    const observations = await call(searchObservations, `/Observation?patient=${PATIENT.P1}&_count=100`);
    expect(types.filter((t: string) => t === "Observation")).toHaveLength(observations.body.total);
    expect(await auditAfter(mark)).toEqual([
      {
        action: "fhir_search",
        outcome: "allowed",
        patient_id: PATIENT.P1,
        actor_user_id: USER.nurseA1,
        resource_type: "Patient",
      },
      expect.objectContaining({ action: "fhir_search", resource_type: "Observation" }),
    ]);
  });

  test("paged over the whole sequence: the pages, joined, are the record", async () => {
    signedInAs("nurseA1");
    const whole = (await everything(PATIENT.P1, "?_count=100")).body;
    const ids: string[] = [];
    let next: string | undefined = `/Patient/${PATIENT.P1}/$everything?_count=3`;
    while (next) {
      const { body } = await call(patientEverything, next);
      expect(body.total).toBe(whole.total);
      ids.push(...body.entry.map((e: Json) => `${e.resource.resourceType}/${e.resource.id}`));
      const link = body.link.find((l: Json) => l.relation === "next")?.url as string | undefined;
      next = link ? link.slice(link.indexOf("/Patient/")) : undefined;
    }
    expect(ids).toEqual(whole.entry.map((e: Json) => `${e.resource.resourceType}/${e.resource.id}`));
  });

  test("leaves out what the patient withholds from the caller; nothing shared is 404; bad ids are 400", async () => {
    signedInAs("nurseA1");
    const { body } = await everything(PATIENT.P2, "?_count=100");
    expect(new Set(typesOf(body))).toEqual(new Set(["Patient", "Consent", "CarePlan", "MedicationRequest", "Flag"]));
    signedInAs("nurseB");
    expect((await everything(PATIENT.P1)).status).toBe(404);
    signedInAs("patientP1");
    expect((await everything(PATIENT.P2)).status).toBe(404);
    expect(typesOf((await everything(PATIENT.P1)).body)[0]).toBe("Patient");
    expect((await everything("not-an-id")).status).toBe(400);
  });
});

describe("sending a report as a QuestionnaireResponse", () => {
  const WORST = {
    "proctcae-48a-frq": "proctcae-frequency-4",
    "proctcae-48b-sev": "proctcae-severity-4",
    "proctcae-48c-int": "proctcae-interference-4",
  };

  test("a device's response is graded, triaged and stored once; a retry with the same key answers it again", async () => {
    signedInAs(null);
    const bearer = { authorization: `Bearer ${deviceToken}` };
    const before = await reportCount();
    const body = response(WORST, [{ linkId: "temperature", answer: [{ valueDecimal: 38.6 }] }]);
    const first = await post(body, { ...bearer, "idempotency-key": "fhir-post-1" });
    expect(first.status).toBe(201);
    expect(first.location).toBe(`${BASE}/QuestionnaireResponse/${first.body.id}`);
    expect(first.body).toMatchObject({
      resourceType: "QuestionnaireResponse",
      status: "completed",
      subject: { reference: `Patient/${PATIENT.P1}` },
    });
    expect(await reportCount()).toBe(before + 1);
    // The key is the response's identifier, and finds it.
    expect(first.body.identifier).toEqual({
      system: "https://fhir.serums-oncology.example/NamingSystem/report-key",
      value: "fhir-post-1",
    });
    const found = await call(searchResponses, "/QuestionnaireResponse?identifier=fhir-post-1", bearer);
    expect(found.body.total).toBe(1);
    expect(found.body.entry[0].resource.id).toBe(first.body.id);
    // The same report again, by either header: the stored one, nothing new.
    const again = await post(body, { ...bearer, "idempotency-key": "fhir-post-1" });
    const conditional = await post(body, { ...bearer, "if-none-exist": "identifier=fhir-post-1" });
    expect([again.status, conditional.status]).toEqual([200, 200]);
    expect([again.body.id, conditional.body.id]).toEqual([first.body.id, first.body.id]);
    expect(await reportCount()).toBe(before + 1);
    // Another report under a used key is refused.
    const other = await post(
      response({
        "proctcae-48a-frq": "proctcae-frequency-1",
        "proctcae-48b-sev": "proctcae-severity-1",
        "proctcae-48c-int": "proctcae-interference-1",
      }),
      {
        ...bearer,
        "idempotency-key": "fhir-post-1",
      },
    );
    expect(other.status).toBe(409);

    // Graded (pain 4/4/4 is grade 3) and triaged: the care team's Flag is red.
    signedInAs("nurseA1");
    const grade = await call(
      searchObservations,
      `/Observation?patient=${PATIENT.P1}&code=proctcae-48-grade&_count=100`,
    );
    const ofReport = grade.body.entry.find((e: Json) => e.resource.derivedFrom[0].reference.endsWith(first.body.id));
    expect(ofReport.resource.valueInteger).toBe(3);
    const flags = await call(searchFlags, `/Flag?patient=${PATIENT.P1}`);
    expect(flags.body.entry.map((e: Json) => [e.resource.status, e.resource.code.coding[0].code])).toContainEqual([
      "active",
      "red",
    ]);
  });

  test("in front of the routes, a device's POST passes without an Origin; a cookie's needs this site's", async () => {
    const through = (headers: Record<string, string>) =>
      proxy(
        new NextRequest(`${BASE}/QuestionnaireResponse`, {
          method: "POST",
          headers: { host: "localhost:3100", "content-type": "application/fhir+json", ...headers },
          body: "{}",
        }),
      ).status;
    expect(through({ authorization: `Bearer ${deviceToken}` })).toBe(200);
    expect(through({})).toBe(403);
    expect(through({ origin: "https://evil.example" })).toBe(403);
    expect(through({ origin: "http://localhost:3100" })).toBe(200);
  });

  test("the patient's own browser may send one; a clinician may not", async () => {
    signedInAs("patientP1");
    const sameSite = { origin: "http://localhost:3100", host: "localhost:3100" };
    const sent = await post(response({ "proctcae-48a-frq": "proctcae-frequency-0" }), {
      ...sameSite,
      "idempotency-key": "fhir-post-browser",
    });
    expect(sent.status).toBe(201);
    // From another site, the cookie is not enough.
    const crossSite = await post(response({ "proctcae-48a-frq": "proctcae-frequency-0" }), {
      origin: "https://evil.example",
      host: "localhost:3100",
      "idempotency-key": "fhir-post-x",
    });
    expect(crossSite.status).toBe(403);
    signedInAs("nurseA1");
    const clinician = await post(response({ "proctcae-48a-frq": "proctcae-frequency-0" }), {
      ...sameSite,
      "idempotency-key": "fhir-post-nurse",
    });
    expect(clinician.status).toBe(403);
  });

  test("what the device API refuses is refused here, named by linkId, and nothing is stored", async () => {
    signedInAs(null);
    const bearer = { authorization: `Bearer ${deviceToken}` };
    const before = await reportCount();
    const cases: [Json, Record<string, string>, string][] = [
      [
        response({ "proctcae-48a-frq": "proctcae-frequency-0", "proctcae-48b-sev": "proctcae-severity-2" }),
        {},
        "proctcae-48b-sev",
      ],
      [response({ "proctcae-48a-frq": "proctcae-severity-2" }), {}, "proctcae-48a-frq"],
      [response({ "proctcae-99a-frq": "proctcae-frequency-1" }), {}, "proctcae-99a-frq"],
      [response({}, [{ linkId: "temperature", answer: [{ valueDecimal: 45 }] }]), {}, "temperature"],
      [{ ...response({}), subject: { reference: `Patient/${PATIENT.P2}` } }, {}, "subject"],
      [{ ...response({}), status: "in-progress" }, {}, "status"],
      [response({}), { "idempotency-key": "" }, "Idempotency-Key"],
      [response({}), { "if-none-exist": "patient=x" }, "If-None-Exist"],
    ];
    for (const [body, headers, field] of cases) {
      const answer = await post(body, { ...bearer, "idempotency-key": `fhir-bad-${field}`, ...headers });
      expect(answer.status, field).toBe(400);
      expect(answer.body.issue.map((i: Json) => i.expression?.[0])).toContain(field);
    }
    const noKey = await createResponse(
      new Request(`${BASE}/QuestionnaireResponse`, {
        method: "POST",
        headers: { ...bearer, "content-type": "application/fhir+json" },
        body: JSON.stringify(response({})),
      }),
    );
    expect(noKey.status).toBe(400);
    expect(await reportCount()).toBe(before);
  });
});

describe("consent, identity and bad input", () => {
  test("a clinician the patient withholds symptoms from gets 404 for them, and the demographics still", async () => {
    signedInAs("nurseA1");
    const mark = await auditMark();
    const observations = await call(searchObservations, `/Observation?patient=${PATIENT.P2}`);
    expect(observations.status).toBe(404);
    expect(sentence(observations.body)).toBe("We could not find that resource.");
    expect((await call(readResponse, `/QuestionnaireResponse/${RECORDS.P2.report}`)).status).toBe(404);
    expect((await call(readObservation, `/Observation/${RECORDS.P2.report}.9b`)).status).toBe(404);
    expect((await call(readPatient, `/Patient/${PATIENT.P2}`)).status).toBe(200);
    // The refusals are in the audit trail as denied.
    expect((await auditAfter(mark)).map((e) => e.outcome)).toEqual(["denied", "denied", "denied", "allowed"]);
    // Her colleague, whom P2 does not deny, reads them.
    signedInAs("oncologistA1");
    expect((await call(searchObservations, `/Observation?patient=${PATIENT.P2}`)).body.total).toBeGreaterThan(0);
  });

  test("another organisation's clinician and another patient get 404; an admin 403; nobody 401", async () => {
    signedInAs("nurseB");
    expect((await call(readPatient, `/Patient/${PATIENT.P1}`)).status).toBe(404);
    expect((await call(readResponse, `/QuestionnaireResponse/${reportId}`)).status).toBe(404);
    expect((await call(readFlag, `/Flag/${RECORDS.P1.alert}`)).status).toBe(404);
    signedInAs("patientP1");
    expect((await call(readPatient, `/Patient/${PATIENT.P2}`)).status).toBe(404);
    expect((await call(searchObservations, `/Observation?patient=${PATIENT.P2}`)).status).toBe(404);
    expect((await call(searchObservations, "/Observation")).status).toBe(200);
    signedInAs("adminA");
    expect((await call(readPatient, `/Patient/${PATIENT.P1}`)).status).toBe(403);
    signedInAs(null);
    expect((await call(readPatient, `/Patient/${PATIENT.P1}`)).status).toBe(401);
  });

  test("a device token reads its own patient's record, and nobody else's", async () => {
    signedInAs(null);
    const bearer = { authorization: `Bearer ${deviceToken}` };
    const own = await call(searchObservations, "/Observation?code=proctcae-48a-frq", bearer);
    expect(own.status).toBe(200);
    expect(own.body.total).toBeGreaterThan(0);
    for (const e of own.body.entry) expect(e.resource.subject.reference).toBe(`Patient/${PATIENT.P1}`);
    expect((await call(readPatient, `/Patient/${PATIENT.P2}`, bearer)).status).toBe(404);
    const unknown = await call(readPatient, `/Patient/${PATIENT.P1}`, {
      authorization: `Bearer srm_${"A".repeat(43)}`,
    });
    expect(unknown.status).toBe(401);
  });

  test("bad ids, dates, codes and parameters are 400 with a sentence, never 5xx", async () => {
    signedInAs("nurseA1");
    const cases: [Handler, string][] = [
      [readPatient, "/Patient/not-a-uuid"],
      [readPatient, "/Patient/%E0%A4%A"],
      [readObservation, `/Observation/${reportId}.99z`],
      [readObservation, "/Observation/x"],
      [searchObservations, `/Observation?patient=${PATIENT.P1}&date=2026-13-01`],
      [searchObservations, `/Observation?patient=${PATIENT.P1}&date=ne2026-01-01`],
      [searchObservations, `/Observation?patient=${PATIENT.P1}&code=http://loinc.org|1234-5`],
      [searchObservations, `/Observation?patient=${PATIENT.P1}&code=`],
      [searchObservations, `/Observation?patient=${PATIENT.P1}&colour=red`],
      [searchObservations, `/Observation?patient=${PATIENT.P1}&_count=1000`],
      [searchObservations, `/Observation?patient=${PATIENT.P1}&_count=-1`],
      [searchObservations, `/Observation?patient=${PATIENT.P1}&patient=${PATIENT.P2}`],
      [searchObservations, `/Observation?patient=${PATIENT.P1}&date=ge2020&date=le2030&date=eq2026`],
      [searchObservations, "/Observation"],
      [searchObservations, "/Observation?patient=Practitioner/1"],
      [searchResponses, `/QuestionnaireResponse?patient=${PATIENT.P1}&authored=yesterday`],
      [searchFlags, `/Flag?patient=${PATIENT.P1}&_lastUpdated=2026-02-30`],
      [searchResponses, `/QuestionnaireResponse?patient=${PATIENT.P1}&identifier=http://other.example|k`],
    ];
    for (const [handler, path] of cases) {
      const { status, body } = await call(handler, path);
      expect(status, path).toBe(400);
      expect(sentence(body), path).toMatch(/^[A-Z].*\.$/);
    }
  });

  test("once the patient revokes the team's access, the team's reads stop", async () => {
    signedInAs("nurseA1");
    expect((await call(searchObservations, `/Observation?patient=${PATIENT.P1}`)).status).toBe(200);
    signedInAs("patientP1");
    const form = new FormData();
    form.set("ruleId", RECORDS.P1.allowRule);
    expect(await revokeRule(null, form)).toMatchObject({ ok: true });
    signedInAs("nurseA1");
    expect((await call(searchObservations, `/Observation?patient=${PATIENT.P1}`)).status).toBe(404);
    expect((await call(readObservation, `/Observation/${reportId}.temp`)).status).toBe(404);
    expect((await call(readPatient, `/Patient/${PATIENT.P1}`)).status).toBe(404);
    expect((await call(readFlag, `/Flag/${RECORDS.P1.alert}`)).status).toBe(404);
    expect((await call(readCarePlan, `/CarePlan/${RECORDS.P1.plan}`)).status).toBe(404);
  });
});
