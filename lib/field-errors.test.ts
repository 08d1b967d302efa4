import { describe, expect, test } from "vitest";
import { z } from "zod";
import { fieldErrors, MAX_FIELD_ERRORS } from "./field-errors";

const schema = z.strictObject({
  name: z.string("Enter a name."),
  nested: z.strictObject({ n: z.number() }).optional(),
});
const errorsOf = (value: unknown, options?: Parameters<typeof fieldErrors>[1]) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error("expected a refusal");
  return fieldErrors(parsed.error, options);
};

describe("the one field-error flattener", () => {
  test("each invalid field by its dotted path, with the schema's sentence", () => {
    expect(errorsOf({ name: 1, nested: { n: "x" } })).toEqual([
      { field: "name", message: "Enter a name." },
      { field: "nested.n", message: expect.any(String) },
    ]);
  });

  test("an unknown key names itself, at the top level and nested", () => {
    expect(
      errorsOf({ name: "a", role: "admin", nested: { n: 1, extra: 2 } })
        .map((e) => e.field)
        .sort(),
    ).toEqual(["nested.extra", "role"]);
  });

  test("an issue about the whole value is named by the root", () => {
    expect(errorsOf(null)[0].field).toBe("(body)");
    expect(errorsOf(null, { root: "report" })[0].field).toBe("report");
  });

  test("at most the limit", () => {
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i]));
    expect(errorsOf({ name: "a", ...many })).toHaveLength(MAX_FIELD_ERRORS);
    expect(errorsOf({ name: "a", ...many }, { limit: 3 })).toHaveLength(3);
  });
});
