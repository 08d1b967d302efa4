/**
 * With the database unreachable, a patient submitting a report is told plainly that it was not
 * saved (the form keeps its answers on any refusal), and a device gets a 503 problem document:
 * no stack trace, no driver message, nothing that pretends the report was stored. The app's
 * connection points at a port where nothing listens, as when the server is down.
 */
import { afterAll, expect, test, vi } from "vitest";

const app = await vi.hoisted(() => import("./support/signed-in-app"));
vi.mock("next-auth", () => app.nextAuth);
vi.mock("@/server/database", () => app.serverDatabase);
vi.mock("next/cache", () => app.nextCache);

import { submitSymptomReport } from "../app/(patient)/report/actions";
import { POST } from "../app/api/v1/reports/route";
import { connectPostgres } from "../db/client";

// Port 1 on loopback: the connection is refused at once, as by a stopped server.
const down = connectPostgres("postgres://serums_web@127.0.0.1:1/serums", { max: 1 });
app.session.db = down.db;
app.session.kind = "postgres";
app.session.current = { stk: "a-session-token-the-database-never-sees-000" };
afterAll(() => down.close());

const UNAVAILABLE = "The service is temporarily unavailable. Nothing was saved; please try again shortly.";
const report = { answers: { nausea: { frequency: 3, severity: 2 } }, temperatureC: 38.4, redFlags: [], canWait: false };

test("the patient's form is told the report was not saved, in plain words", async () => {
  const result = await submitSymptomReport({ idempotencyKey: "down-test-key-1", report });
  expect(result).toEqual({ ok: false, code: "unavailable", error: UNAVAILABLE, fields: undefined });
});

test("a device gets 503 with a problem document and no internals", async () => {
  const response = await POST(
    new Request("http://localhost/api/v1/reports", {
      method: "POST",
      headers: {
        authorization: `Bearer srm_${"a".repeat(43)}`,
        "content-type": "application/json",
        "idempotency-key": "down-test-key-2",
      },
      body: JSON.stringify(report),
    }),
  );
  expect(response.status).toBe(503);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = await response.text();
  expect(JSON.parse(body)).toMatchObject({ status: 503, title: UNAVAILABLE });
  for (const internal of ["ECONNREFUSED", "127.0.0.1", "at ", "postgres"]) expect(body).not.toContain(internal);
});
