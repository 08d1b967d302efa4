import { describe, expect, test } from "vitest";
import { AppError, type AppErrorCode } from "../errors";
import { CATALOGUES } from "./catalogues";
import { localizeError, translateErrorText, translateFieldErrors } from "./error-messages";

const CODES = Object.keys(CATALOGUES.en.errorMessages.codes) as AppErrorCode[];

describe("error sentences in the reader's language", () => {
  test("the catalogue's English is each code's own sentence, so every code is found", () => {
    for (const code of CODES) expect(new AppError(code).message, code).toBe(CATALOGUES.en.errorMessages.codes[code]);
  });

  test("a Spanish reader gets the Spanish sentence for a code, with the same code", () => {
    const shown = localizeError(new AppError("forbidden"), "es");
    expect(shown.code).toBe("forbidden");
    expect(shown.status).toBe(403);
    expect(shown.message).toBe("No tiene acceso a esto.");
    expect(localizeError(new AppError("rate_limited"), "nl").message).toBe(
      "Te veel pogingen. Wacht even en probeer het opnieuw.",
    );
  });

  test("a sentence not in the catalogue stays English", () => {
    const shown = localizeError(new AppError("conflict", "Ana is already archived."), "ca");
    expect(shown.message).toBe("Ana is already archived.");
    expect(translateErrorText("Something nobody translated.", "nl")).toBe("Something nobody translated.");
  });

  test("field messages are translated one by one, each falling back to English", () => {
    const error = new AppError("invalid_input", "Please correct the highlighted fields.", [
      { field: "hospitalNumber", message: "Enter the hospital number." },
      { field: "odd", message: "Must be a prime number" },
    ]);
    const shown = localizeError(error, "nl");
    expect(shown.message).toBe("Verbeter de gemarkeerde velden.");
    expect(shown.fields).toEqual([
      { field: "hospitalNumber", message: "Voer het ziekenhuisnummer in." },
      { field: "odd", message: "Must be a prime number" },
    ]);
    expect(translateFieldErrors(undefined, "es")).toBeUndefined();
  });

  test("English is left as it is", () => {
    const error = new AppError("not_found");
    expect(localizeError(error, "en")).toBe(error);
  });
});
