/**
 * The pure parts of triage (lib/alerts): which actions each state allows, outcome codes, the times
 * a clinician reads, the queue's URL state and the conflict sentences. No database.
 */
import { describe, expect, test } from "vitest";
import { conflictMessage, describeAlertState, notAllowedMessage } from "../lib/alerts/messages";
import {
  isOutcomeCode,
  normaliseOutcomeCodes,
  OUTCOME_CODES,
  OUTCOME_LABELS,
  outcomeLabel,
} from "../lib/alerts/outcomes";
import {
  DEFAULT_QUEUE_STATE,
  parseQueueState,
  queueHref,
  queueSearchParams,
  toggledSort,
} from "../lib/alerts/queue-state";
import { formatAgo, formatClock, formatDuration, formatShortClock, timeLeft } from "../lib/alerts/time";
import {
  ALERT_ACTIONS,
  ALERT_STATUSES,
  availableActions,
  canPerform,
  isOverdue,
  statusAfter,
} from "../lib/alerts/transitions";

const MINUTE = 60_000;

describe("transitions", () => {
  test("each state offers exactly its actions", () => {
    expect(availableActions("open")).toEqual(["acknowledge", "assign", "note", "resolve"]);
    expect(availableActions("acknowledged")).toEqual(["assign", "note", "resolve"]);
    expect(availableActions("resolved")).toEqual(["note", "reopen"]);
  });

  test("every (action, status) pair: allowed ones lead where they should, others nowhere", () => {
    const expected: Record<string, string | null> = {
      "acknowledge/open": "acknowledged",
      "assign/open": "open",
      "assign/acknowledged": "acknowledged",
      "note/open": "open",
      "note/acknowledged": "acknowledged",
      "note/resolved": "resolved",
      "resolve/open": "resolved",
      "resolve/acknowledged": "resolved",
      "reopen/resolved": "acknowledged",
    };
    for (const action of ALERT_ACTIONS) {
      for (const status of ALERT_STATUSES) {
        const key = `${action}/${status}`;
        expect(statusAfter(action, status), key).toBe(expected[key] ?? null);
        expect(canPerform(action, status), key).toBe(key in expected);
      }
    }
  });

  test("overdue means open and past the response target; acknowledged alerts are never overdue", () => {
    const now = new Date("2026-11-24T12:00:00Z");
    expect(isOverdue({ status: "open", dueAt: "2026-11-24T11:59:00Z" }, now)).toBe(true);
    expect(isOverdue({ status: "open", dueAt: "2026-11-24T12:00:00Z" }, now)).toBe(false);
    expect(isOverdue({ status: "acknowledged", dueAt: "2026-11-20T12:00:00Z" }, now)).toBe(false);
    expect(isOverdue({ status: "resolved", dueAt: "2026-11-20T12:00:00Z" }, now)).toBe(false);
  });
});

describe("outcome codes", () => {
  test("the seven codes of the brief, each with a label", () => {
    expect(OUTCOME_CODES).toEqual([
      "self_care_advice",
      "acute_oncology_referral",
      "emergency_services",
      "treatment_modified",
      "patient_not_contacted",
      "unable_to_contact",
      "no_intervention_needed",
    ]);
    expect(OUTCOME_LABELS.self_care_advice).toBe("Self-care advice given");
    expect(outcomeLabel("something_old")).toBe("something_old");
    expect(isOutcomeCode("emergency_services")).toBe(true);
    expect(isOutcomeCode("EMERGENCY_SERVICES")).toBe(false);
  });

  test("normalising: order of the list, no repeats, at least one, nothing contradictory", () => {
    expect(normaliseOutcomeCodes(["unable_to_contact", "self_care_advice", "unable_to_contact"])).toEqual({
      codes: ["self_care_advice", "unable_to_contact"],
    });
    expect(normaliseOutcomeCodes([])).toEqual({ error: "Choose at least one outcome." });
    expect(normaliseOutcomeCodes(["cured"])).toEqual({ error: "Choose outcomes from the list." });
    expect(normaliseOutcomeCodes(["no_intervention_needed", "emergency_services"])).toHaveProperty("error");
  });
});

describe("times", () => {
  test("durations", () => {
    expect(formatDuration(30_000)).toBe("under 1 min");
    expect(formatDuration(59 * MINUTE)).toBe("59 min");
    expect(formatDuration(60 * MINUTE)).toBe("1 h");
    expect(formatDuration(65 * MINUTE)).toBe("1 h 05 min");
    expect(formatDuration((2 * 24 * 60 + 3 * 60 + 7) * MINUTE)).toBe("2 d 3 h");
    expect(formatDuration(-5 * MINUTE)).toBe("5 min");
  });

  test("time left, overdue by, or responded", () => {
    const now = new Date("2026-11-24T12:00:00Z");
    expect(timeLeft({ status: "open", dueAt: "2026-11-24T12:25:00Z" }, now)).toEqual({
      kind: "left",
      ms: 25 * MINUTE,
      urgent: false,
      text: "25 min left",
    });
    expect(timeLeft({ status: "open", dueAt: "2026-11-24T12:10:00Z" }, now)).toMatchObject({
      urgent: true,
      text: "10 min left",
    });
    expect(timeLeft({ status: "open", dueAt: "2026-11-24T10:55:00Z" }, now)).toEqual({
      kind: "overdue",
      ms: 65 * MINUTE,
      text: "Overdue by 1 h 05 min",
    });
    expect(timeLeft({ status: "acknowledged", dueAt: "2026-11-24T10:55:00Z" }, now)).toEqual({
      kind: "responded",
      text: "Responded",
    });
    expect(timeLeft({ status: "resolved", dueAt: "2026-11-24T10:55:00Z" }, now).text).toBe("Resolved");
  });

  test("clock times in the clinic's zone: the time today, the day otherwise (summer and winter)", () => {
    const winter = new Date("2026-11-24T15:00:00Z");
    expect(formatClock("2026-11-24T14:05:00Z", winter)).toBe("14:05");
    expect(formatClock("2026-11-23T14:05:00Z", winter)).toBe("Mon 23 Nov, 14:05");
    expect(formatShortClock("2026-11-24T14:05:00Z", winter)).toBe("14:05");
    expect(formatShortClock("2026-11-23T14:05:00Z", winter)).toBe("23 Nov, 14:05");
    const summer = new Date("2026-07-01T15:00:00Z");
    expect(formatClock("2026-07-01T14:05:00Z", summer)).toBe("15:05"); // BST
    // 23:30 UTC on 30 June is 00:30 on 1 July in London: today.
    expect(formatClock("2026-06-30T23:30:00Z", summer)).toBe("00:30");
    expect(formatAgo("2026-11-24T14:48:00Z", winter)).toBe("12 min ago");
    expect(formatAgo("2026-11-24T15:00:30Z", winter)).toBe("just now");
  });
});

describe("the queue's URL state", () => {
  test("defaults, and lenient parsing of anything unknown", () => {
    expect(parseQueueState({})).toEqual(DEFAULT_QUEUE_STATE);
    expect(
      parseQueueState({
        severity: "purple",
        team: "x'; drop table alerts",
        status: "all",
        sort: "secret",
        dir: "up",
        page: "-3",
        size: "1000",
        mine: "yes",
      }),
    ).toEqual(DEFAULT_QUEUE_STATE);
    expect(parseQueueState({ page: ["2", "5"], size: "10" })).toMatchObject({ page: 2, size: 10 });
    expect(parseQueueState({ page: "99999999" }).page).toBe(1);
  });

  test("a sort chosen without a direction takes its natural one", () => {
    expect(parseQueueState({ sort: "timeLeft" })).toMatchObject({ sort: "timeLeft", dir: "asc" });
    expect(parseQueueState({ sort: "raisedAt" })).toMatchObject({ sort: "raisedAt", dir: "desc" });
  });

  test("round trip through the URL, with defaults left out", () => {
    const state = {
      ...DEFAULT_QUEUE_STATE,
      severity: "red" as const,
      team: "0a6f2c1e-3c3b-4d8e-9f10-111213141516",
      mine: true,
      overdue: true,
      status: "open" as const,
      sort: "timeLeft" as const,
      dir: "asc" as const,
      page: 3,
      size: 50,
    };
    expect(parseQueueState(queueSearchParams(state))).toEqual(state);
    expect(queueHref(DEFAULT_QUEUE_STATE)).toBe("/triage");
    expect(queueHref(DEFAULT_QUEUE_STATE, { overdue: true })).toBe("/triage?overdue=1");
    expect(parseQueueState(new URLSearchParams("team=0A6F2C1E-3C3B-4D8E-9F10-111213141516")).team).toBe(
      "0a6f2c1e-3c3b-4d8e-9f10-111213141516",
    );
  });

  test("clicking a header: the other way round when it is the sort, its first direction otherwise, back to page 1", () => {
    const state = { ...DEFAULT_QUEUE_STATE, page: 4 };
    expect(toggledSort(state, "severity")).toEqual({ sort: "severity", dir: "asc", page: 1 });
    expect(toggledSort(state, "patient")).toEqual({ sort: "patient", dir: "asc", page: 1 });
    expect(toggledSort({ ...state, sort: "patient", dir: "asc" }, "patient")).toEqual({
      sort: "patient",
      dir: "desc",
      page: 1,
    });
  });
});

describe("what a clinician is told when an alert changed under them", () => {
  const now = new Date("2026-11-24T15:00:00Z");
  const fiona = { id: "f", name: "Fiona Grant" };
  const base = {
    assignee: null,
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedBy: null,
    resolvedAt: null,
    outcomeCodes: [],
  };

  test("who did what, when, in words", () => {
    expect(
      describeAlertState(
        {
          ...base,
          status: "acknowledged",
          assignee: fiona,
          acknowledgedBy: fiona,
          acknowledgedAt: "2026-11-24T14:05:00Z",
        },
        "me",
        now,
      ),
    ).toBe("Fiona Grant acknowledged it at 14:05. It is assigned to Fiona Grant.");
    expect(
      describeAlertState(
        {
          ...base,
          status: "resolved",
          resolvedBy: fiona,
          resolvedAt: "2026-11-24T14:35:00Z",
          outcomeCodes: ["self_care_advice", "treatment_modified"],
        },
        "me",
        now,
      ),
    ).toBe("Fiona Grant resolved it at 14:35 (Self-care advice given, Treatment modified).");
    expect(describeAlertState({ ...base, status: "open", assignee: { id: "me", name: "Me" } }, "me", now)).toBe(
      "It is still open, now assigned to you.",
    );
  });

  test("the conflict and not-allowed sentences say nothing was changed, or why not", () => {
    const state = {
      ...base,
      status: "acknowledged" as const,
      assignee: fiona,
      acknowledgedBy: fiona,
      acknowledgedAt: "2026-11-24T14:05:00Z",
    };
    expect(conflictMessage("acknowledge", state, "me", now)).toBe(
      "Your acknowledgement did not go through: this alert changed just before. Fiona Grant acknowledged it at 14:05. It is assigned to Fiona Grant. Nothing was changed by you; the table now shows the alert as it is.",
    );
    expect(notAllowedMessage("reopen", state, "me", now)).toBe(
      "This alert cannot be reopened now. Fiona Grant acknowledged it at 14:05. It is assigned to Fiona Grant.",
    );
  });
});
