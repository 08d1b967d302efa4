import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  auditPayload,
  createChainVerifier,
  formatAuditTimestamp,
  GENESIS_HASH,
  hashAuditRow,
  type StoredAuditRow,
  verifyChain,
  verifyChainAsync,
} from "./chain";

const ORG = "8d3c1f0a-1b2c-8d4e-9f00-112233445566";
const NURSE = "0a1b2c3d-4e5f-8a6b-8c7d-8e9fa0b1c2d3";
const PATIENT = "11111111-2222-8333-9444-555555555555";

function row(overrides: Partial<StoredAuditRow> = {}): StoredAuditRow {
  return {
    id: "1",
    occurredAt: "2026-03-01T09:30:00.123000Z",
    organisationId: ORG,
    actorUserId: NURSE,
    actorRole: "nurse",
    action: "patient_record_viewed",
    patientId: PATIENT,
    resourceType: "patient",
    resourceId: PATIENT,
    outcome: "allowed",
    details: '{"category": "symptoms"}',
    prevHash: GENESIS_HASH,
    hash: "",
    ...overrides,
  };
}

/** A valid chain of `n` events, hashed as the trigger would. */
function chain(n: number): StoredAuditRow[] {
  const rows: StoredAuditRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const r = row({
      id: String(i),
      occurredAt: `2026-03-01T09:30:${String(i % 60).padStart(2, "0")}.${String(i % 1000).padStart(3, "0")}000Z`,
      action: i % 3 === 0 ? "sign_in_failed" : "patient_record_viewed",
      actorUserId: i % 3 === 0 ? null : NURSE,
      patientId: i % 3 === 0 ? null : PATIENT,
      details: i % 2 === 0 ? `{"n": ${i}}` : null,
      prevHash,
    });
    r.hash = hashAuditRow(r);
    prevHash = r.hash;
    rows.push(r);
  }
  return rows;
}

const headOf = (rows: StoredAuditRow[]) =>
  rows.length
    ? { lastId: rows[rows.length - 1].id, lastHash: rows[rows.length - 1].hash }
    : { lastId: "0", lastHash: GENESIS_HASH };

/** Re-hashes `rows[from..]` so each is self-consistent and linked (an attacker rewriting the tail). */
function rehashFrom(rows: StoredAuditRow[], from: number) {
  for (let i = from; i < rows.length; i++) {
    rows[i].prevHash = i === 0 ? GENESIS_HASH : rows[i - 1].hash;
    rows[i].hash = hashAuditRow(rows[i]);
  }
}

describe("auditPayload", () => {
  it("writes the columns as RFC 8785 canonical JSON, keys sorted, as app.audit_payload does", () => {
    expect(auditPayload(row())).toBe(
      `{"action":"patient_record_viewed","actorRole":"nurse","actorUserId":"${NURSE}",` +
        `"details":"{\\"category\\": \\"symptoms\\"}","id":"1","occurredAt":"2026-03-01T09:30:00.123000Z",` +
        `"organisationId":"${ORG}","outcome":"allowed","patientId":"${PATIENT}","prevHash":"${GENESIS_HASH}",` +
        `"resourceId":"${PATIENT}","resourceType":"patient"}`,
    );
  });

  it("writes NULL columns as null", () => {
    const anonymous = row({
      organisationId: null,
      actorUserId: null,
      actorRole: null,
      action: "sign_in_failed",
      patientId: null,
      resourceType: null,
      resourceId: null,
      outcome: "denied",
      details: null,
    });
    expect(auditPayload(anonymous)).toBe(
      `{"action":"sign_in_failed","actorRole":null,"actorUserId":null,"details":null,"id":"1",` +
        `"occurredAt":"2026-03-01T09:30:00.123000Z","organisationId":null,"outcome":"denied","patientId":null,` +
        `"prevHash":"${GENESIS_HASH}","resourceId":null,"resourceType":null}`,
    );
  });

  it("tells a NULL column from an empty one, and a separator inside a value from one between values", () => {
    const nullRole = row({ actorRole: null, resourceId: "a" });
    expect(hashAuditRow(row({ actorRole: "", resourceId: "a" }))).not.toBe(hashAuditRow(nullRole));
    // Under a joined text ("x|y" then "z" against "x" then "y|z") these two would hash the same.
    expect(hashAuditRow(row({ resourceType: "x|y", resourceId: "z" }))).not.toBe(
      hashAuditRow(row({ resourceType: "x", resourceId: "y|z" })),
    );
  });

  it("carries details as its jsonb text, a JSON null included", () => {
    const details = '{"n": 3, "ok": true, "note": "a \\"quoted\\" é", "none": null}';
    expect(JSON.parse(auditPayload(row({ details }))).details).toBe(details);
    expect(auditPayload(row({ details: "null" }))).toContain('"details":"null"');
  });

  it("hashes the UTF-8 payload with SHA-256", () => {
    const r = row({ details: '{"note": "ü✓"}' });
    expect(hashAuditRow(r)).toBe(
      createHash("sha256")
        .update(Buffer.from(auditPayload(r), "utf8"))
        .digest("hex"),
    );
    expect(hashAuditRow(r)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("formatAuditTimestamp", () => {
  it("always writes six fraction digits in UTC", () => {
    expect(formatAuditTimestamp("2026-03-01T09:30:00.123456Z")).toBe("2026-03-01T09:30:00.123456Z");
    expect(formatAuditTimestamp("2026-03-01T09:30:00.123Z")).toBe("2026-03-01T09:30:00.123000Z");
    expect(formatAuditTimestamp("2026-03-01T09:30:00.1Z")).toBe("2026-03-01T09:30:00.100000Z");
    expect(formatAuditTimestamp("2026-03-01T09:30:00Z")).toBe("2026-03-01T09:30:00.000000Z");
    expect(formatAuditTimestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)).toISOString())).toBe(
      "2026-01-02T03:04:05.006000Z",
    );
  });

  it("converts PostgreSQL timestamptz output with an offset to UTC", () => {
    expect(formatAuditTimestamp("2026-03-01 09:30:00.12+00")).toBe("2026-03-01T09:30:00.120000Z");
    expect(formatAuditTimestamp("2026-03-01 10:30:00.5+01")).toBe("2026-03-01T09:30:00.500000Z");
    expect(formatAuditTimestamp("2026-03-01 00:15:00-05:30")).toBe("2026-03-01T05:45:00.000000Z");
    expect(formatAuditTimestamp("2026-01-01 00:30:00.000001+01:00")).toBe("2025-12-31T23:30:00.000001Z");
  });

  it("refuses a timestamp without a time zone", () => {
    expect(() => formatAuditTimestamp("2026-03-01 09:30:00")).toThrow(RangeError);
    expect(() => formatAuditTimestamp("yesterday")).toThrow(RangeError);
  });
});

describe("verifyChain", () => {
  it("accepts an empty chain and an intact one", () => {
    expect(verifyChain([], headOf([]))).toEqual({ ok: true, count: 0, lastHash: GENESIS_HASH });
    const rows = chain(25);
    expect(verifyChain(rows, headOf(rows))).toEqual({ ok: true, count: 25, lastHash: rows[24].hash });
  });

  it("names an altered event", () => {
    const rows = chain(10);
    rows[6].details = '{"n": 999}';
    expect(verifyChain(rows, headOf(rows))).toEqual({
      ok: false,
      eventId: 7,
      reason: "event 7 was altered: its contents no longer match its hash",
    });
  });

  it("notices an altered timestamp, outcome or actor", () => {
    for (const change of [
      { occurredAt: "2026-03-01T09:30:04.004001Z" },
      { outcome: "denied" },
      { actorUserId: null },
      { prevHash: "f".repeat(64) },
    ] satisfies Partial<StoredAuditRow>[]) {
      const rows = chain(6);
      Object.assign(rows[3], change);
      const result = verifyChain(rows, headOf(rows));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.eventId).toBe(4);
    }
  });

  it("names the first of several altered events", () => {
    const rows = chain(10);
    rows[8].action = "patient_record_exported";
    rows[2].resourceId = "someone-else";
    const result = verifyChain(rows, headOf(rows));
    expect(result).toMatchObject({ ok: false, eventId: 3 });
  });

  it("names a removed event: a gap in the ids", () => {
    const rows = chain(20);
    rows.splice(16, 1); // event 17
    expect(verifyChain(rows, headOf(rows))).toEqual({
      ok: false,
      eventId: 17,
      reason: "event 17 is missing: event 18 follows event 16",
    });
    const more = chain(20);
    more.splice(4, 3); // events 5 to 7
    expect(verifyChain(more, headOf(more))).toMatchObject({
      ok: false,
      eventId: 5,
      reason: "events 5 to 7 are missing: event 8 follows event 4",
    });
  });

  it("names a removed first event", () => {
    const rows = chain(5).slice(1);
    expect(verifyChain(rows, headOf(rows))).toMatchObject({
      ok: false,
      eventId: 1,
      reason: "event 1 is missing: the chain starts at event 2",
    });
  });

  it("names a removal hidden by renumbering and re-hashing", () => {
    const rows = chain(10);
    rows.splice(4, 1); // event 5 removed ...
    for (let i = 4; i < rows.length; i++) rows[i].id = String(i + 1); // ... the rest renumbered ...
    for (let i = 5; i < rows.length; i++) rows[i].prevHash = rows[i - 1].hash;
    rows[4].hash = hashAuditRow(rows[4]); // ... and the new event 5 re-hashed, keeping its old link
    rehashFrom(rows, 5);
    const result = verifyChain(rows, headOf(rows));
    expect(result).toMatchObject({ ok: false, eventId: 5 });
    if (!result.ok) expect(result.reason).toMatch(/^event 5 does not follow event 4: .*removed/);
  });

  it("names the first of two events whose contents were swapped", () => {
    const rows = chain(10);
    // Exchange events 3 and 7 by swapping their ids (each keeps its own hash and link).
    [rows[2].id, rows[6].id] = [rows[6].id, rows[2].id];
    rows.sort((a, b) => Number(a.id) - Number(b.id));
    const result = verifyChain(rows, headOf(chain(10)));
    expect(result).toMatchObject({ ok: false, eventId: 3 });
    if (!result.ok) expect(result.reason).toMatch(/^event 3 is out of sequence/);

    const swapped = chain(10);
    // Or swap just the action and hash columns.
    [swapped[3].action, swapped[8].action] = [swapped[8].action, swapped[3].action];
    [swapped[3].hash, swapped[8].hash] = [swapped[8].hash, swapped[3].hash];
    expect(verifyChain(swapped, headOf(swapped))).toMatchObject({ ok: false, eventId: 4 });
  });

  it("names rows delivered out of id order", () => {
    const rows = chain(6);
    [rows[2], rows[3]] = [rows[3], rows[2]];
    // Event 4 arrives where 3 was expected: 3 looks missing.
    expect(verifyChain(rows, headOf(rows))).toMatchObject({
      ok: false,
      eventId: 3,
      reason: "event 3 is missing: event 4 follows event 2",
    });
    const dup = chain(4);
    dup.splice(3, 0, { ...dup[1] });
    expect(verifyChain(dup, headOf(chain(4)))).toMatchObject({
      ok: false,
      eventId: 2,
      reason: "event 2 is out of order: it comes after event 3",
    });
    const negative = chain(3);
    negative[0].id = "-1";
    expect(verifyChain(negative, headOf(negative))).toMatchObject({ ok: false, eventId: -1 });
  });

  it("names events removed from the end, which only the chain head reveals", () => {
    const rows = chain(12);
    const head = headOf(rows);
    expect(verifyChain(rows.slice(0, 11), head)).toEqual({
      ok: false,
      eventId: 12,
      reason: "event 12 is missing: the chain head records 12 events but the last one present is event 11",
    });
    expect(verifyChain(rows.slice(0, 9), head)).toMatchObject({
      ok: false,
      eventId: 10,
      reason: expect.stringMatching(/^events 10 to 12 are missing/),
    });
    expect(verifyChain([], head)).toMatchObject({
      ok: false,
      eventId: 1,
      reason: expect.stringMatching(/none are present$/),
    });
  });

  it("names a last event that was replaced, and events beyond the head", () => {
    const rows = chain(5);
    const head = headOf(rows);
    rows[4].details = '{"n": 0}';
    rows[4].hash = hashAuditRow(rows[4]);
    expect(verifyChain(rows, head)).toMatchObject({
      ok: false,
      eventId: 5,
      reason: expect.stringMatching(/does not match the chain head/),
    });
    const long = chain(5);
    expect(verifyChain(long, headOf(long.slice(0, 4)))).toMatchObject({ ok: false, eventId: 5 });
  });

  it("verifies incrementally, stopping at the first failure", async () => {
    const verifier = createChainVerifier();
    const rows = chain(8);
    rows[5].action = "x";
    for (const r of rows.slice(0, 5)) expect(verifier.push(r)).toBeNull();
    expect(verifier.count).toBe(5);
    expect(verifier.push(rows[5])).toMatchObject({ eventId: 6 });
    expect(verifier.push(rows[6])).toMatchObject({ eventId: 6 });
    expect(verifier.finish(headOf(rows))).toMatchObject({ ok: false, eventId: 6 });

    async function* stream(n: number) {
      const all = chain(n);
      for (const r of all) yield r;
    }
    const progress: number[] = [];
    const all = chain(2500);
    const result = await verifyChainAsync(stream(2500), headOf(all), {
      progressEvery: 1000,
      onProgress: (n) => progress.push(n),
    });
    expect(result).toEqual({ ok: true, count: 2500, lastHash: all[2499].hash });
    expect(progress).toEqual([1000, 2000]);
  });
});
