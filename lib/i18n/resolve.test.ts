import { describe, expect, it } from "vitest";
import { browserLocale, resolveLocale } from "./resolve";

describe("resolveLocale", () => {
  it("prefers the person's saved choice to everything else", () => {
    expect(
      resolveLocale({ userLocale: "nl", cookieLocale: "es", acceptLanguage: "ca", organisationLocale: "es" }),
    ).toBe("nl");
  });

  it("takes the sign-in page's switch over the browser", () => {
    expect(resolveLocale({ cookieLocale: "ca", acceptLanguage: "nl-NL,nl;q=0.9" })).toBe("ca");
  });

  it("takes the browser's first language the app speaks", () => {
    expect(resolveLocale({ acceptLanguage: "fr-FR,fr;q=0.9,ca;q=0.8,es;q=0.7" })).toBe("ca");
    expect(resolveLocale({ acceptLanguage: "es-MX" })).toBe("es");
  });

  it("falls back to the organisation's default, then English", () => {
    expect(resolveLocale({ acceptLanguage: "fr-FR", organisationLocale: "nl" })).toBe("nl");
    expect(resolveLocale({ acceptLanguage: "fr-FR" })).toBe("en");
    expect(resolveLocale({})).toBe("en");
  });

  it("ignores values that are not one of the four languages", () => {
    expect(resolveLocale({ userLocale: "de", cookieLocale: "xx", organisationLocale: 42 })).toBe("en");
  });
});

describe("browserLocale", () => {
  it("reads British and American English as English", () => {
    expect(browserLocale("en-US,en;q=0.5")).toBe("en");
  });

  it("finds nothing in an empty, wildcard or malformed header", () => {
    expect(browserLocale("")).toBeNull();
    expect(browserLocale("*")).toBeNull();
    expect(browserLocale("not a language tag!!")).toBeNull();
  });
});
