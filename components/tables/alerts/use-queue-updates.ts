"use client";

import { useCallback, useEffect, useRef } from "react";
import { type QueueState, queueSearchParams } from "@/lib/alerts/queue-state";
import type { AlertView } from "@/lib/alerts/view";

/** How often the open queue asks for new alerts. */
export const POLL_INTERVAL_MS = 15_000;
/**
 * How often it asks while its tab is in the background: the tab's title still counts the red alerts
 * for a clinician working in another tab. (Browsers may run a background tab's timers less often,
 * down to once a minute; coming back to the tab asks at once.)
 */
export const HIDDEN_POLL_INTERVAL_MS = 60_000;

export type QueueUpdate = {
  now: string;
  added: AlertView[];
  updated: AlertView[];
  total: number;
  overdue: number;
  redOpen: number;
};

export type PollProblem = "signed_out" | "unreachable" | null;

/**
 * Polls /api/triage/changes every 15 seconds (every minute while the tab is in the background, and
 * at once when it comes back) for the view in `state`: new alerts since the previous answer, the current state of `visibleIds`, and
 * fresh counts. `check(ids)` asks at once, e.g. for one alert after a conflict.
 */
export function useQueueUpdates({
  state,
  since,
  visibleIds,
  onUpdate,
  onProblem,
}: {
  state: QueueState;
  /** The server's time when the rows on screen were read. */
  since: string;
  visibleIds: () => string[];
  onUpdate: (update: QueueUpdate) => void;
  onProblem: (problem: PollProblem) => void;
}): { check: (ids?: string[]) => Promise<void> } {
  const cursor = useRef(since);
  const failures = useRef(0);
  const stopped = useRef(false);
  const lastAsked = useRef(Date.now());
  const callbacks = useRef({ visibleIds, onUpdate, onProblem });
  callbacks.current = { visibleIds, onUpdate, onProblem };

  // A new server render (new URL or refresh) starts from its own time.
  useEffect(() => {
    cursor.current = since;
  }, [since]);

  const query = queueSearchParams(state).toString();

  const check = useCallback(
    async (ids?: string[]) => {
      if (stopped.current) return;
      lastAsked.current = Date.now();
      const params = new URLSearchParams(query);
      params.delete("page");
      params.delete("size");
      params.delete("sort");
      params.delete("dir");
      params.set("since", cursor.current);
      const shown = (ids ?? callbacks.current.visibleIds()).slice(0, 100);
      if (shown.length > 0) params.set("ids", shown.join(","));
      try {
        const response = await fetch(`/api/triage/changes?${params}`, {
          cache: "no-store",
          headers: { accept: "application/json" },
        });
        if (response.status === 401 || response.status === 403) {
          stopped.current = true;
          callbacks.current.onProblem("signed_out");
          return;
        }
        if (!response.ok) throw new Error(`poll answered ${response.status}`);
        const update = (await response.json()) as QueueUpdate;
        cursor.current = update.now;
        failures.current = 0;
        callbacks.current.onProblem(null);
        callbacks.current.onUpdate(update);
      } catch {
        failures.current += 1;
        // One missed poll is nothing to alarm anyone about; two in a row are worth saying.
        if (failures.current >= 2) callbacks.current.onProblem("unreachable");
      }
    },
    [query],
  );

  useEffect(() => {
    const timer = window.setInterval(() => {
      const due = document.visibilityState === "visible" ? POLL_INTERVAL_MS : HIDDEN_POLL_INTERVAL_MS;
      // A little early is on time: the timer itself drifts.
      if (Date.now() - lastAsked.current >= due - 1_000) void check();
    }, POLL_INTERVAL_MS);
    const onVisible = () => {
      if (document.visibilityState === "visible") void check();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [check]);

  return { check };
}
