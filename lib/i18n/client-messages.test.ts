import { describe, expect, it } from "vitest";
import { CATALOGUES } from "./catalogues";
import { clientMessages, PAGE_NAMESPACES } from "./client-messages";

describe("clientMessages", () => {
  it("leaves out the page-only namespaces, and keeps every other", () => {
    const sent = clientMessages(CATALOGUES.en);
    for (const ns of PAGE_NAMESPACES) expect(sent).not.toHaveProperty(ns);
    expect(Object.keys(sent).length + PAGE_NAMESPACES.length).toBe(Object.keys(CATALOGUES.en).length);
    expect(JSON.stringify(sent)).not.toContain("Symptom timeline");
  });

  it("adds back the namespaces a page asks for", () => {
    const sent = clientMessages(CATALOGUES.es, ["timeline"]);
    expect(sent).toHaveProperty("timeline", CATALOGUES.es.timeline);
    expect(sent).not.toHaveProperty("record");
  });
});
