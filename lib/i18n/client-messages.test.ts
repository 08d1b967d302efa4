import { describe, expect, it } from "vitest";
import { CATALOGUES } from "./catalogues";
import { clientMessages, PAGE_NAMESPACES, SERVER_NAMESPACES } from "./client-messages";

describe("clientMessages", () => {
  it("leaves out the server's and the pages' own namespaces, and keeps every other", () => {
    const sent = clientMessages(CATALOGUES.nl);
    const withheld: readonly string[] = [...SERVER_NAMESPACES, ...PAGE_NAMESPACES];
    expect(Object.keys(sent).sort()).toEqual(
      Object.keys(CATALOGUES.nl)
        .filter((ns) => !withheld.includes(ns))
        .sort(),
    );
    expect(sent.signIn).toBe(CATALOGUES.nl.signIn);
    expect(JSON.stringify(clientMessages(CATALOGUES.en))).not.toContain("Symptom timeline");
  });

  it("adds back the page namespaces a page asks for, never the server's", () => {
    const sent = clientMessages(CATALOGUES.es, ["timeline"]);
    expect(sent).toHaveProperty("timeline", CATALOGUES.es.timeline);
    expect(sent).not.toHaveProperty("record");
    expect(sent).not.toHaveProperty("notifications");
  });
});
