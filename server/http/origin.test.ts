import { afterEach, describe, expect, test, vi } from "vitest";
import { isSameOrigin } from "./origin";

const headers = (h: Record<string, string>) => new Headers(h);

describe("same-origin check for mutations, against the request's host", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  test.each([
    [{ origin: "http://localhost:3100", host: "localhost:3100" }, true],
    [
      {
        origin: "https://serums.example",
        host: "10.0.0.5:3000",
        "x-forwarded-host": "serums.example",
        "x-forwarded-proto": "https",
      },
      true,
    ],
    [{ host: "localhost:3100" }, false],
    [{ origin: "null", host: "localhost:3100" }, false],
    [{ origin: "", host: "localhost:3100" }, false],
    [{ origin: "https://evil.example", host: "localhost:3100" }, false],
    [{ origin: "http://localhost:3100.evil.example", host: "localhost:3100" }, false],
    [{ origin: "http://localhost:3100/path", host: "localhost:3100" }, false],
    [{ origin: "http://user@localhost:3100", host: "localhost:3100" }, false],
    [{ origin: "not a url", host: "localhost:3100" }, false],
    [{ origin: "http//localhost:3100", host: "localhost:3100" }, false],
    [{ origin: "http://[::1", host: "localhost:3100" }, false],
    [{ origin: "%%%", host: "localhost:3100" }, false],
    [{ origin: "javascript:alert(1)", host: "localhost:3100" }, false],
    // The scheme counts: an https page may not post to the http site, nor the other way round.
    [{ origin: "https://localhost:3100", host: "localhost:3100" }, false],
    [{ origin: "http://serums.example", host: "serums.example", "x-forwarded-proto": "https" }, false],
    [{ origin: "https://serums.example", host: "serums.example", "x-forwarded-proto": "https" }, true],
    [{ origin: "https://serums.example", host: "serums.example", "x-forwarded-proto": "https, http" }, true],
    // The port counts: another service on the same host is another site.
    [{ origin: "http://localhost:3101", host: "localhost:3100" }, false],
    [{ origin: "http://localhost", host: "localhost:3100" }, false],
    [{ origin: "http://localhost:3100", host: "localhost" }, false],
    // A default port written out is the same origin.
    [{ origin: "https://serums.example", host: "serums.example:443", "x-forwarded-proto": "https" }, true],
    // A Host header that is not a host matches nothing.
    [{ origin: "http://evil.example", host: "evil.example/x" }, false],
  ])("%o → %s", (h, expected) => {
    vi.stubEnv("NEXTAUTH_URL", "");
    expect(isSameOrigin(headers(h))).toBe(expected);
  });

  test("the request's own scheme is used when no proxy names one", () => {
    vi.stubEnv("NEXTAUTH_URL", "");
    const h = headers({ origin: "https://serums.example", host: "serums.example" });
    expect(isSameOrigin(h, "https://serums.example/api/auth/activation")).toBe(true);
    expect(isSameOrigin(h, "http://serums.example/api/auth/activation")).toBe(false);
  });
});

describe("same-origin check for mutations, against NEXTAUTH_URL", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  test.each([
    [{ origin: "https://serums.example", host: "10.0.0.5:3000" }, true],
    [{ origin: "https://serums.example:443", host: "10.0.0.5:3000" }, false],
    // An http site refuses its https twin, and the configured site wins over the Host header.
    [{ origin: "http://serums.example", host: "serums.example" }, false],
    [{ origin: "https://serums.example:8443", host: "serums.example:8443" }, false],
    [{ origin: "https://10.0.0.5:3000", host: "10.0.0.5:3000" }, false],
    [{ origin: "null", host: "serums.example" }, false],
    [{ origin: "garbage", host: "serums.example" }, false],
  ])("%o → %s", (h, expected) => {
    vi.stubEnv("NEXTAUTH_URL", "https://serums.example");
    expect(isSameOrigin(headers(h))).toBe(expected);
  });

  test("an http site refuses Origin https://host of the same host", () => {
    vi.stubEnv("NEXTAUTH_URL", "http://localhost:3100");
    expect(isSameOrigin(headers({ origin: "https://localhost:3100", host: "localhost:3100" }))).toBe(false);
    expect(isSameOrigin(headers({ origin: "http://localhost:3100", host: "localhost:3100" }))).toBe(true);
  });

  test("a NEXTAUTH_URL that is not a URL refuses everything rather than throwing", () => {
    vi.stubEnv("NEXTAUTH_URL", "not a url");
    expect(isSameOrigin(headers({ origin: "http://localhost:3100", host: "localhost:3100" }))).toBe(false);
  });
});
