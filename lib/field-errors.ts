import type { z } from "zod";

/** One invalid field, by dotted path (`answers.nausea.severity`), with a sentence about it. */
export type FieldError = { field: string; message: string };

/** A form or problem document lists at most this many fields: 60 KiB of junk is not 60 KiB of errors. */
export const MAX_FIELD_ERRORS = 50;

/**
 * The one way a zod error becomes field errors, for forms, actions and JSON problems alike. An
 * unknown key becomes its own path, so the message points at the offending field rather than at its
 * parent; an issue about the whole value is named `root` ("(body)" unless the caller names it).
 */
export function fieldErrors(error: z.ZodError, options: { root?: string; limit?: number } = {}): FieldError[] {
  const { root = "(body)", limit = MAX_FIELD_ERRORS } = options;
  return error.issues
    .flatMap((issue) => {
      const parent = issue.path.map(String).join(".");
      if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => ({ field: parent ? `${parent}.${key}` : key, message: issue.message }));
      }
      return [{ field: parent || root, message: issue.message }];
    })
    .slice(0, limit);
}
