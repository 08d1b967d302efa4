import { describe, expect, test } from "vitest";
import { notifiedLabel, notifiedQueueLabel, notifiedVerb } from "./notified";

describe("how a notification is said", () => {
  test("by the channels that reached the person", () => {
    expect(notifiedVerb(["email"])).toBe("Emailed");
    expect(notifiedVerb(["push"])).toBe("Sent a push notification to");
    expect(notifiedVerb(["push", "email"])).toBe("Emailed and sent a push notification to");
  });

  test("unknown channels, none, or an event from before they were kept: just notified", () => {
    expect(notifiedVerb(null)).toBe("Notified");
    expect(notifiedVerb([])).toBe("Notified");
    expect(notifiedVerb(["pigeon"])).toBe("Notified");
  });

  test("a later step says it was not acknowledged, on the history and in the queue", () => {
    expect(notifiedLabel(false, ["push"])).toBe("Sent a push notification to");
    expect(notifiedLabel(true, ["email", "push"])).toBe("Not acknowledged, so emailed and sent a push notification to");
    expect(notifiedQueueLabel(true, ["push"])).toBe("Not acknowledged: sent a push notification to");
    expect(notifiedQueueLabel(false, ["email"])).toBe("Emailed");
  });
});
