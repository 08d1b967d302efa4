import { z } from "zod";

/** A checkbox group's field as a list: absent or empty is none, one ticked box a list of one. */
const asList = (v: unknown) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]);

/**
 * A group of checkboxes offering `values`: at least one ticked, each from the list and each once
 * (a form sends a ticked box once; a value sent again is refused, not counted twice).
 */
export function checkboxes<const T extends readonly [string, ...string[]]>(
  values: T,
  messages: { none: string; invalid: string; repeated: string },
) {
  return z.preprocess(
    asList,
    z
      .array(z.enum(values, { error: messages.invalid }))
      .min(1, messages.none)
      .refine((list) => new Set(list).size === list.length, messages.repeated),
  );
}
