import { describe, expect, test } from "vitest";
import { QUEUE_TITLE, withRedCount } from "./queue-title";

describe("the queue's title", () => {
  test("says how many red alerts are open, and nothing when there are none", () => {
    expect(withRedCount(QUEUE_TITLE, 3)).toBe("(3 red) Triage queue");
    expect(withRedCount(QUEUE_TITLE, 0)).toBe("Triage queue");
  });

  test("puts the count right on a title that already has one, and keeps the rest", () => {
    const tab = "(3 red) Triage queue · SERUMS Oncology";
    expect(withRedCount(tab, 2)).toBe("(2 red) Triage queue · SERUMS Oncology");
    expect(withRedCount(tab, 0)).toBe("Triage queue · SERUMS Oncology");
    expect(withRedCount("Triage queue · SERUMS Oncology", 12)).toBe("(12 red) Triage queue · SERUMS Oncology");
  });

  test("words the count in the reader's language, and replaces a count in another one", () => {
    const rojas = (n: number) => `${n} rojas`;
    expect(withRedCount("Cola de triaje", 2, rojas)).toBe("(2 rojas) Cola de triaje");
    expect(withRedCount("(2 rojas) Cola de triaje", 3, rojas)).toBe("(3 rojas) Cola de triaje");
    expect(withRedCount("(1 rood) Triagelijst", 0)).toBe("Triagelijst");
  });
});
