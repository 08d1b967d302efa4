import { describe, expect, test } from "vitest";
import { describeAccess } from "./describe";

describe("an access in the patient's words", () => {
  test("in each language", () => {
    expect(describeAccess("patient_record_viewed")).toBe("Opened your record");
    expect(describeAccess("patient_record_viewed", "es")).toBe("Abrió su historial");
    expect(describeAccess("triage_queue_viewed", "nl")).toBe("Zag een waarschuwing over u in de triagewachtrij");
    expect(describeAccess("alert_resolved", "ca")).toBe("Va tancar una alerta sobre vós");
  });

  test("an action no catalogue names: its code in English, a general sentence in the others", () => {
    expect(describeAccess("record_exported")).toBe("Record exported");
    expect(describeAccess("record_exported", "nl")).toBe("Een andere inzage in uw dossier");
    // Not a property of every object.
    expect(describeAccess("constructor", "es")).toBe("Otro acceso a su historial");
  });
});
