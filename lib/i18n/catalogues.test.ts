import { describe, expect, test } from "vitest";
import { CATALOGUES, clientMessages, SERVER_ONLY_NAMESPACES } from "./catalogues";

describe("the messages sent to the browser", () => {
  test("are every namespace but the server's own", () => {
    const sent = clientMessages(CATALOGUES.nl);
    for (const namespace of SERVER_ONLY_NAMESPACES) expect(sent).not.toHaveProperty(namespace);
    expect(Object.keys(sent).sort()).toEqual(
      Object.keys(CATALOGUES.nl)
        .filter((n) => !(SERVER_ONLY_NAMESPACES as readonly string[]).includes(n))
        .sort(),
    );
    expect(sent.signIn).toBe(CATALOGUES.nl.signIn);
  });
});
