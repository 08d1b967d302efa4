import { describe, expect, test } from "vitest";
import { isSameOrigin } from "./origin";

describe("same-origin check for mutations", () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  test.each([
    [{ origin: "http://localhost:3100", host: "localhost:3100" }, true],
    [{ origin: "https://serums.example", host: "10.0.0.5:3000", "x-forwarded-host": "serums.example" }, true],
    [{ host: "localhost:3100" }, false],
    [{ origin: "null", host: "localhost:3100" }, false],
    [{ origin: "https://evil.example", host: "localhost:3100" }, false],
    [{ origin: "http://localhost:3100.evil.example", host: "localhost:3100" }, false],
    [{ origin: "http://localhost:3100/path", host: "localhost:3100" }, false],
    [{ origin: "http://user@localhost:3100", host: "localhost:3100" }, false],
    [{ origin: "not a url", host: "localhost:3100" }, false],
    [{ origin: "javascript:alert(1)", host: "localhost:3100" }, false],
  ])("%o → %s", (h, expected) => {
    expect(isSameOrigin(headers(h))).toBe(expected);
  });
});
