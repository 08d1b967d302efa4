import { describe, expect, test } from "vitest";
import { heldUntil, notificationPreferencesInput, quietHoursEnd } from "./preferences";

const NIGHT = { startMinute: 22 * 60, endMinute: 7 * 60 };

describe("quiet hours", () => {
  test("across midnight, in London time: held until they end, not held outside them", () => {
    // Winter (GMT): 23:30 and 02:00 wait until 07:00; 07:00 itself and 21:59 are outside.
    expect(quietHoursEnd(new Date("2026-03-02T23:30:00Z"), NIGHT)).toEqual(new Date("2026-03-03T07:00:00Z"));
    expect(quietHoursEnd(new Date("2026-03-03T02:00:00Z"), NIGHT)).toEqual(new Date("2026-03-03T07:00:00Z"));
    expect(quietHoursEnd(new Date("2026-03-03T07:00:00Z"), NIGHT)).toBeNull();
    expect(quietHoursEnd(new Date("2026-03-02T21:59:00Z"), NIGHT)).toBeNull();
    // Summer (BST): 22:00 local is 21:00 UTC, 07:00 local is 06:00 UTC.
    expect(quietHoursEnd(new Date("2026-07-01T21:00:00Z"), NIGHT)).toEqual(new Date("2026-07-02T06:00:00Z"));
    // The night the clocks go forward.
    expect(quietHoursEnd(new Date("2026-03-28T23:00:00Z"), NIGHT)).toEqual(new Date("2026-03-29T06:00:00Z"));
    // Within one day, with minutes.
    const lunch = { startMinute: 12 * 60 + 30, endMinute: 13 * 60 + 15 };
    expect(quietHoursEnd(new Date("2026-03-02T12:45:00Z"), lunch)).toEqual(new Date("2026-03-02T13:15:00Z"));
    expect(quietHoursEnd(new Date("2026-03-02T13:15:00Z"), lunch)).toBeNull();
    expect(quietHoursEnd(new Date("2026-03-02T02:00:00Z"), null)).toBeNull();
  });

  test("never hold a red alert's step for the person on call", () => {
    const at = new Date("2026-03-03T02:00:00Z");
    expect(heldUntil({ severity: "red", onCall: true }, at, NIGHT)).toBeNull();
    expect(heldUntil({ severity: "red", onCall: false }, at, NIGHT)).toEqual(new Date("2026-03-03T07:00:00Z"));
    expect(heldUntil({ severity: "amber", onCall: true }, at, NIGHT)).toEqual(new Date("2026-03-03T07:00:00Z"));
  });
});

describe("the preferences form", () => {
  const form = (fields: Record<string, unknown>) =>
    notificationPreferencesInput.safeParse({ channels: ["email", "push"], quietStart: "", quietEnd: "", ...fields });

  test("takes channels and quiet hours", () => {
    expect(form({ channels: "push", quietStart: "22:00", quietEnd: "07:30" }).data).toEqual({
      channels: ["push"],
      quietHours: { startMinute: 1320, endMinute: 450 },
      smsNumber: null,
    });
    expect(form({}).data).toEqual({ channels: ["email", "push"], quietHours: null, smsNumber: null });
  });

  test("takes text messages with a mobile number in international form", () => {
    expect(form({ channels: ["sms", "email"], smsNumber: " +44 7700-900123 " }).data).toEqual({
      channels: ["email", "sms"],
      quietHours: null,
      smsNumber: "+447700900123",
    });
    // A number kept for later is saved even when text messages are not chosen now.
    expect(form({ smsNumber: "+31 6 12345678" }).data?.smsNumber).toBe("+31612345678");
  });

  test("refuses bad input with a sentence", () => {
    const message = (fields: Record<string, unknown>) => form(fields).error?.issues[0]?.message;
    expect(message({ quietStart: "22:00", quietEnd: "22:00" })).toBe(
      "Your quiet hours must end at a different time from when they start.",
    );
    expect(message({ channels: ["email", "fax"] })).toBe(
      "Choose email, push or text message: there is no other way to be told.",
    );
    expect(message({ channels: "" })).toBe(
      "Choose at least one way to be told about alerts: email, push or text message.",
    );
    expect(message({ channels: ["sms"] })).toBe("Give the mobile number text messages should go to.");
    for (const number of ["07700 900123", "+44 (0)7700 900123", "+0447700900123", "+44 77", "+44 7700 900123 ext 2"]) {
      expect(message({ channels: ["sms"], smsNumber: number }), number).toBe(
        "Give your mobile number in international form, such as +44 7700 900123.",
      );
    }
    expect(message({ channels: ["email", "email"] })).toBe("Choose each way to be told once.");
    expect(message({ quietStart: "22:00" })).toBe(
      "Give both the start and the end of your quiet hours, or leave both empty.",
    );
    expect(message({ quietStart: "25:00", quietEnd: "07:00" })).toBe(
      "The start of your quiet hours must be a time such as 22:00.",
    );
    expect(form({ colour: "red" }).success).toBe(false);
  });
});
