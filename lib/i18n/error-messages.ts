import { AppError } from "../errors";
import type { FieldError } from "../field-errors";
import { CATALOGUES, type Messages } from "./catalogues";
import type { Locale } from "./locales";

/**
 * The sentences of the `errorMessages` catalogue: the generic one per error code, the wrappers' and
 * refusals' own, and the forms' field messages. None takes an argument, so a text is read as it stands.
 */
const branches = (messages: Messages): Record<string, string>[] => [
  messages.errorMessages.codes,
  messages.errorMessages.sentences,
  messages.errorMessages.fields,
];

/**
 * Errors are worded in English where they are raised (an AppError, a schema's field message). The
 * English catalogue holds the same sentences, so an English sentence names its place in every
 * language's catalogue: branch and key.
 */
const PLACES = new Map<string, { branch: number; key: string }>();
for (const [branch, sentences] of branches(CATALOGUES.en).entries()) {
  for (const [key, text] of Object.entries(sentences)) {
    if (!PLACES.has(text)) PLACES.set(text, { branch, key });
  }
}

/** An English error sentence in `locale`; a sentence not (yet) in the catalogue stays English. */
export function translateErrorText(text: string, locale: Locale): string {
  if (locale === "en") return text;
  const place = PLACES.get(text);
  return (place && branches(CATALOGUES[locale])[place.branch][place.key]) || text;
}

/** Field messages in `locale`, each falling back to English on its own. */
export function translateFieldErrors(fields: readonly FieldError[] | undefined, locale: Locale) {
  return fields?.map(({ field, message }) => ({ field, message: translateErrorText(message, locale) }));
}

/** The error as its reader reads it: the same code, its sentence and field messages in `locale`. */
export function localizeError(error: AppError, locale: Locale): AppError {
  if (locale === "en") return error;
  const fields = translateFieldErrors(error.fields, locale);
  return new AppError(error.code, translateErrorText(error.message, locale), fields);
}
