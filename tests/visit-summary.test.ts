/**
 * The printed summary for a clinic visit (GET /patients/<id>/summary): a PDF, read back as text with
 * pdftotext (Debian's poppler-utils), that holds the patient, the plan, the grades by cycle and the
 * alerts the clinician may read, in the clinician's language; names and leaves out a category the
 * patient has not shared with them; is "not found" to someone who may read nothing; and is recorded in the audit trail as
 * "printed summary", which the patient's access log shows.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

const app = await vi.hoisted(() => import("./support/signed-in-app"));
vi.mock("next-auth", () => app.nextAuth);
vi.mock("@/server/database", () => app.serverDatabase);
vi.mock("next/cache", () => app.nextCache);

import { GET } from "../app/(clinic)/patients/[patientId]/summary/route";
import * as t from "../db/schema";
import { describeAccess } from "../lib/audit/describe";
import { INSTRUMENT_WORDING } from "../lib/grading/wording";
import { CATALOGUES } from "../lib/i18n/catalogues";
import { rowsOf } from "./support/database";
import { fixtureId, PATIENT, sentinels, USER } from "./support/fixtures";
import { appDatabaseWithSessions, signedInAs } from "./support/signed-in-app";

const db = appDatabaseWithSessions("visit_summary", ["oncologistA1", "nurseA1", "nurseB"]);
const run = promisify(execFile);
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "visit-summary-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** The summary of `patientId` as `who` sees it: the response, and the PDF's text when there is one. */
async function summaryAs(who: "oncologistA1" | "nurseA1" | "nurseB", patientId: string, language = "en-GB") {
  signedInAs(who);
  const request = new Request(`http://localhost/patients/${patientId}/summary`, {
    headers: { "accept-language": language },
  });
  const response = await GET(request, { params: Promise.resolve({ patientId }) });
  if (response.headers.get("content-type") !== "application/pdf") return { response, text: null };
  const file = path.join(folder, `${who}-${patientId}-${language}.pdf`);
  await writeFile(file, Buffer.from(await response.arrayBuffer()));
  const { stdout } = await run("pdftotext", ["-layout", file, "-"]);
  return { response, text: stdout.replace(/\s+/g, " ") };
}

const P2 = sentinels("P2");

describe("the printed visit summary", () => {
  test("holds the patient, the plan, the grades by cycle and the alerts, for a clinician who may read them all", async () => {
    const { response, text } = await summaryAs("oncologistA1", PATIENT.P2);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(text).toContain("Clinic visit summary");
    for (const value of [P2.demographics[2], P2.treatment[0], "Worst grade by cycle", "Nausea", "Amber alert"]) {
      expect(text).toContain(value);
    }
    expect(text).toContain(`Why: ${P2.alerts[0]}`);
    expect(text).not.toContain("Not shared with you");
  });

  test("names and leaves out the symptoms the patient withholds, and the alert reasons that quote them", async () => {
    const { response, text } = await summaryAs("nurseA1", PATIENT.P2);
    expect(response.status).toBe(200);
    expect(text).toContain("Not shared with you, and left out of this summary: Symptom reports.");
    expect(text).toContain(P2.treatment[0]);
    expect(text).toContain("Why: details withheld by the patient");
    for (const withheld of ["Nausea", "Worst grade by cycle", "Temperatures", P2.alerts[0], P2.symptoms[0]]) {
      expect(text).not.toContain(withheld);
    }
  });

  test("is not found for a clinician of another organisation, or for an id that names no record", async () => {
    expect((await summaryAs("nurseB", PATIENT.P2)).response.status).toBe(404);
    expect((await summaryAs("oncologistA1", "not-a-record")).response.status).toBe(404);
  });

  test("is recorded as printed, and the patient's access log says so", async () => {
    const events = await db.asOwner((owner) =>
      rowsOf<{ actor: string; outcome: string }>(
        owner,
        sql`select actor_user_id::text as actor, outcome from audit_events
            where action = 'patient_summary_printed' and patient_id = ${PATIENT.P2} order by id`,
      ),
    );
    expect(events).toEqual([
      { actor: USER.oncologistA1, outcome: "allowed" },
      { actor: USER.nurseA1, outcome: "allowed" },
      { actor: USER.nurseB, outcome: "denied" },
    ]);
    expect(describeAccess("patient_summary_printed")).toBe("Printed a summary of your record");
  });

  test("names a symptom that rose at each of its last three reports, once, and only to who may read symptoms", async () => {
    // P2's fixture report (nausea grade 2, an hour ago) follows two earlier ones: grade 0, then 1.
    await db.asOwner(async (owner) => {
      for (const [days, grade] of [
        [2, 0],
        [1, 1],
      ] as const) {
        const reportId = fixtureId(`P2:rising-${days}`);
        const reportedAt = new Date(Date.now() - days * 86_400_000);
        await owner
          .insert(t.symptomReports)
          .values({ id: reportId, patientId: PATIENT.P2, source: "patient", reportedAt });
        await owner
          .insert(t.symptomGrades)
          .values({ reportId, patientId: PATIENT.P2, symptom: "nausea", grade, reportedAt });
      }
    });
    const { text } = await summaryAs("oncologistA1", PATIENT.P2);
    expect(text).toContain("Trends to review Nausea rose at each of its last 3 reports (grade 0, then 1, then 2).");
    expect(text?.match(/Nausea rose/g)).toHaveLength(1);
    expect((await summaryAs("nurseA1", PATIENT.P2)).text).not.toContain("Trends to review");
  });
  test("is written in the language of a Spanish-speaking clinician, dates included, and says its symptom names are not the validated wording", async () => {
    const { response, text } = await summaryAs("oncologistA1", PATIENT.P2, "es-ES,es;q=0.9");
    expect(response.status).toBe(200);
    const es = CATALOGUES.es.summaryPdf;
    for (const heading of [es.planHeading, es.gridHeading, es.alertsHeading]) expect(text).toContain(heading);
    expect(text).toContain(es.title.replace("{name}", ""));
    expect(text).toContain("Alerta ámbar, generada el");
    expect(text).toContain(`Motivo: ${P2.alerts[0]}`);
    // The grid names its symptoms in the Spanish wording, and says that wording is not validated.
    expect(text).toContain(INSTRUMENT_WORDING.es.items.nausea.label);
    expect(text).toContain(es.wordingNote);
    // Dates as Spanish writes them: "7 dic 2026", not "7 Dec 2026".
    const printedDay = new Intl.DateTimeFormat("es-ES", {
      day: "numeric",
      month: "short",
      year: "numeric",
      timeZone: "Europe/London",
    }).format(new Date());
    expect(text).toContain(printedDay);
    for (const english of ["Clinic visit summary", "Worst grade by cycle", "Treatment plan", "Amber alert"]) {
      expect(text).not.toContain(english);
    }
  });
});
