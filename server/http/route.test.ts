import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { AUTH_BODY_LIMIT, DEFAULT_BODY_LIMIT } from "./body";
import { NOT_THIS_SITE } from "./origin";
import { route } from "./route";

const SITE = "http://localhost:3100";

const echo = (maxBodyBytes?: number) =>
  route({
    name: "echo",
    roles: "anyone",
    input: z.strictObject({ text: z.string() }),
    maxBodyBytes,
    run: async ({ text }) => ({ ok: true, length: text.length }),
  });

function post(body: string, headers: Record<string, string> = {}): Request {
  return new Request(`${SITE}/api/echo`, {
    method: "POST",
    headers: { host: "localhost:3100", origin: SITE, "content-type": "application/json", ...headers },
    body,
  });
}

const problemOf = async (response: Response) => {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = (await response.json()) as { type: string; title: string; status: number; errors?: unknown[] };
  expect(body).toMatchObject({ type: "about:blank", status: response.status });
  return body;
};

beforeEach(() => {
  vi.stubEnv("NEXTAUTH_URL", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the one front door", () => {
  test.each([
    ["Origin null", { origin: "null" }],
    ["an unparsable Origin", { origin: "http//localhost:3100" }],
    ["garbage in Origin", { origin: "%%%" }],
    ["no Origin", { origin: "" }],
    ["the https twin of this http site", { origin: "https://localhost:3100" }],
    ["another port on this host", { origin: "http://localhost:3101" }],
  ])("%s is refused with 403 and a sentence, not an error", async (_name, headers) => {
    const response = await echo()(post(JSON.stringify({ text: "hi" }), headers));
    expect(response.status).toBe(403);
    expect((await problemOf(response)).title).toBe(NOT_THIS_SITE);
  });

  test("this site's own Origin reaches the work", async () => {
    const response = await echo()(post(JSON.stringify({ text: "hi" })));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, length: 2 });
  });

  test("each route declares its body limit: 8 KiB for sign-in, 64 KiB otherwise", async () => {
    const nineKiB = JSON.stringify({ text: "x".repeat(9 * 1024) });
    expect((await echo(AUTH_BODY_LIMIT)(post(nineKiB))).status).toBe(413);
    expect((await echo()(post(nineKiB))).status).toBe(200);
    const overDefault = JSON.stringify({ text: "x".repeat(DEFAULT_BODY_LIMIT) });
    const refused = await echo()(post(overDefault));
    expect(refused.status).toBe(413);
    expect((await problemOf(refused)).title).toMatch(/too large/);
    // A declared length over the limit is refused before the body is read.
    expect((await echo(AUTH_BODY_LIMIT)(post("{}", { "content-length": String(AUTH_BODY_LIMIT + 1) }))).status).toBe(
      413,
    );
  });

  test("a body that is not JSON is refused with 415, broken JSON with 400, invalid fields named", async () => {
    expect((await echo()(post("{}", { "content-type": "text/plain" }))).status).toBe(415);
    const broken = await echo()(post('{"text": '));
    expect(broken.status).toBe(400);
    expect((await problemOf(broken)).title).toMatch(/not valid JSON/);
    const invalid = await echo()(post(JSON.stringify({ text: 1, extra: true })));
    expect(invalid.status).toBe(400);
    expect((await problemOf(invalid)).errors).toEqual([
      { field: "text", message: expect.any(String) },
      { field: "extra", message: expect.any(String) },
    ]);
  });

  test("a refusal is worded in the reader's language; a route's own format stays English", async () => {
    const spanish = { "accept-language": "es-ES,es;q=0.9" };
    const invalid = await echo()(post(JSON.stringify({ text: 1 }), spanish));
    expect(invalid.status).toBe(400);
    expect((await problemOf(invalid)).title).toBe("La solicitud tiene campos no válidos.");
    const foreign = await echo()(post(JSON.stringify({ text: "hi" }), { ...spanish, origin: "null" }));
    expect((await problemOf(foreign)).title).toBe("Esta solicitud no procede de este sitio.");

    const machine = route({
      name: "machine",
      roles: "anyone",
      input: z.strictObject({ text: z.string() }),
      refusal: (error) => Response.json({ said: error.message }, { status: error.status }),
      run: async () => ({ ok: true }),
    });
    const answer = await machine(post(JSON.stringify({ text: 1 }), spanish));
    expect(await answer.json()).toEqual({ said: "The request has invalid fields." });
  });

  test("an unexpected error is a 500 problem without its detail", async () => {
    const failing = route({
      name: "failing",
      roles: "anyone",
      run: async () => {
        throw new Error("secret detail");
      },
    });
    const lines: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    try {
      const response = await failing(post("{}"));
      expect(response.status).toBe(500);
      expect(JSON.stringify(await problemOf(response))).not.toContain("secret detail");
    } finally {
      spy.mockRestore();
    }
  });
});
