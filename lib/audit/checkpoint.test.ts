import { describe, expect, it } from "vitest";
import { GENESIS_HASH } from "./chain";
import { checkpointLine, readCheckpoints, signCheckpoint } from "./checkpoint";

const KEY = "a key the database never sees";
const HEAD = { lastId: "42", lastHash: "ab".repeat(32) };
const AT = new Date("2026-12-06T02:14:00.000Z");

describe("checkpoints", () => {
  it("read back what was signed, line by line", () => {
    const first = signCheckpoint(KEY, { lastId: "0", lastHash: GENESIS_HASH }, AT);
    const second = signCheckpoint(KEY, HEAD, new Date(AT.getTime() + 300_000));
    const { checkpoints, problems } = readCheckpoints(checkpointLine(first) + checkpointLine(second), KEY);
    expect(problems).toEqual([]);
    expect(checkpoints).toEqual([first, second]);
    expect(second).toMatchObject({ ...HEAD, at: "2026-12-06T02:19:00.000Z" });
  });

  it("refuse a line whose head, time or signature was changed, or signed with another key", () => {
    const good = signCheckpoint(KEY, HEAD, AT);
    const lines = [
      { ...good, lastId: "40" },
      { ...good, lastHash: "cd".repeat(32) },
      { ...good, at: "2026-12-07T02:14:00.000Z" },
      { ...good, mac: "0".repeat(64) },
      { ...good, mac: "not hex" },
      signCheckpoint("another key", HEAD, AT),
    ].map((c) => JSON.stringify(c));
    const { checkpoints, problems } = readCheckpoints([...lines, "{broken", '{"lastId": 1}', ""].join("\n"), KEY);
    expect(checkpoints).toEqual([]);
    expect(problems).toHaveLength(8);
    expect(problems[0]).toMatch(/^line 1 \(2026-12-06T02:14:00.000Z\) is not signed with this key/);
    expect(problems.slice(6)).toEqual(["line 7 is not JSON", "line 8 is not a checkpoint"]);
  });
});
