import { describe, expect, it } from "vitest";
import type { CycleFacts } from "./cycles";
import { agentDosesOf, describeDoses, reducedDoses, withAgentDoses, withReductionReasons } from "./doses";

const TCH = ["docetaxel", "carboplatin", "trastuzumab"];
const cycle = (patch: Partial<CycleFacts> = {}): CycleFacts => ({
  cycleNumber: 2,
  plannedDate: "2026-01-26",
  givenDate: null,
  dosePercent: 100,
  status: "planned",
  reason: null,
  ...patch,
});

describe("doses per agent", () => {
  it("an agent without a dose of its own is at the cycle's level", () => {
    expect(agentDosesOf(cycle({ dosePercent: 75 }), TCH).map((d) => d.dosePercent)).toEqual([75, 75, 75]);
  });

  it("the cycle's level is the highest agent's, and agents no longer in the plan are left out", () => {
    const c = withAgentDoses(
      cycle({
        agentDoses: [
          { agent: "docetaxel", dosePercent: 80, reason: " Neuropathy " },
          { agent: "carboplatin", dosePercent: 80, reason: "" },
          { agent: "paclitaxel", dosePercent: 50, reason: null },
        ],
      }),
      TCH,
    );
    expect(c.dosePercent).toBe(100);
    expect(c.agentDoses).toEqual([
      { agent: "docetaxel", dosePercent: 80, reason: "Neuropathy" },
      { agent: "carboplatin", dosePercent: 80, reason: null },
      { agent: "trastuzumab", dosePercent: 100, reason: null },
    ]);
    expect(describeDoses(c, TCH)).toBe("docetaxel 80%, carboplatin 80%, trastuzumab 100%");
  });

  it("a level set on the cycle itself sets every agent", () => {
    const before = withAgentDoses(cycle(), TCH);
    const c = withAgentDoses({ ...before, dosePercent: 75 }, TCH);
    expect(c.agentDoses?.map((d) => d.dosePercent)).toEqual([75, 75, 75]);
    expect(describeDoses(c, TCH)).toBe("75%");
  });

  it("a reduced dose without its own reason takes the change's; others keep theirs", () => {
    const previous = withAgentDoses(cycle(), TCH);
    const next = withAgentDoses(
      cycle({
        agentDoses: [
          { agent: "docetaxel", dosePercent: 80, reason: "Neuropathy" },
          { agent: "carboplatin", dosePercent: 80, reason: null },
          { agent: "trastuzumab", dosePercent: 100, reason: null },
        ],
      }),
      TCH,
    );
    expect(withReductionReasons(next, previous, TCH, "Toxicity after cycle 1", 300).agentDoses).toEqual([
      { agent: "docetaxel", dosePercent: 80, reason: "Neuropathy" },
      { agent: "carboplatin", dosePercent: 80, reason: "Toxicity after cycle 1" },
      { agent: "trastuzumab", dosePercent: 100, reason: null },
    ]);
  });

  it("names the doses when any agent is reduced, per agent when they differ, and nothing at full dose", () => {
    const full = (agent: string) => ({ agent, dosePercent: 100, reason: null });
    expect(reducedDoses(cycle(), TCH)).toBeNull();
    expect(reducedDoses(cycle({ dosePercent: 80 }), TCH)).toBe("80%");
    expect(
      reducedDoses(
        cycle({ agentDoses: [{ agent: "docetaxel", dosePercent: 80, reason: "Neuropathy" }, full("carboplatin")] }),
        TCH,
      ),
    ).toBe("docetaxel 80%, carboplatin 100%, trastuzumab 100%");
    expect(reducedDoses(cycle({ dosePercent: 80 }), [])).toBe("80%");
  });
});
