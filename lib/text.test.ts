import { describe, expect, test } from "vitest";
import { addAlertNoteInput, assignAlertInput } from "./alerts/inputs";
import { forbiddenCharactersMessage, hasForbiddenCharacters } from "./text";

describe("free text a person typed", () => {
  test.each([
    ["plain words", "Feeling sick since the morning", false],
    ["lines and tabs", "line one\nline two\tindented", false],
    ["accents and other scripts", "Náusees des del matí · 吐き気", false],
    ["a NUL byte", "a\u0000b", true],
    ["a bell", "feeling\u0007 odd", true],
    ["an escape sequence", "\u001b[31mred", true],
    ["a lone carriage return", "line\rover", true],
    ["a C1 control", "a\u0085b", true],
    ["a right-to-left override", "dose \u202e01 gm", true],
    ["a left-to-right isolate", "\u2066hidden\u2069", true],
  ])("%s: forbidden %s", (_name, text, forbidden) => {
    expect(hasForbiddenCharacters(text)).toBe(forbidden);
  });
});

describe("alert notes refuse what cannot be stored or would read differently", () => {
  const target = { alertId: "00000000-0000-4000-8000-000000000001", patientId: "00000000-0000-4000-8000-000000000002" };
  test.each(["called \u0000 the patient", "called the \u202epatient", "\u0007"])(
    "%j is refused with a sentence",
    (note) => {
      const parsed = addAlertNoteInput.safeParse({ ...target, note });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => i.message)).toContain(forbiddenCharactersMessage("The note"));
    },
  );
  test("a note given with an assignment is checked the same way", () => {
    const parsed = assignAlertInput.safeParse({
      ...target,
      expectedVersion: 1,
      assigneeId: "00000000-0000-4000-8000-000000000003",
      note: "see \u0000",
    });
    expect(parsed.success).toBe(false);
  });
  test("an ordinary note with a line break is accepted", () => {
    expect(addAlertNoteInput.safeParse({ ...target, note: "Called the patient.\nWill call again at 6." }).success).toBe(
      true,
    );
  });
});
