"use client";

import { useTranslations } from "next-intl";
import type { FormEvent } from "react";
import { submitOnEnter } from "@/components/ui/filter-field";
import { Options } from "@/components/ui/options";
import {
  DEFAULT_QUEUE_STATE,
  isFiltered,
  parseQueueState,
  QUEUE_PAGE_SIZES,
  type QueueState,
  queueHref,
} from "@/lib/alerts/queue-state";

const FIELD = "rounded border border-slate-500 bg-white px-2 py-1.5";

/**
 * The queue's filters as a plain GET form (it works without JavaScript); with JavaScript they apply
 * as a new URL, keeping the sort and going back to the first page. Nothing applies until "Apply" or
 * Enter: a select changes under a single arrow key, and moving through the options with a keyboard
 * must not reload the queue under the clinician. Each control has an id, so the focus comes back to
 * it on the new page.
 */
export function TriageQueueToolbar({
  state,
  teams,
  onApply,
  pending,
}: {
  state: QueueState;
  teams: { id: string; name: string }[];
  onApply: (href: string) => void;
  pending: boolean;
}) {
  const t = useTranslations("triageQueue");
  const apply = (form: HTMLFormElement) => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (typeof value === "string") params.append(key, value);
    const next = parseQueueState(params);
    onApply(queueHref({ ...next, sort: state.sort, dir: state.dir, page: 1 }));
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply(event.currentTarget);
  };
  return (
    <form
      method="get"
      action="/triage"
      onSubmit={onSubmit}
      onKeyDown={submitOnEnter}
      aria-label={t("filterLabel")}
      className="flex flex-wrap items-end gap-x-4 gap-y-3 rounded-lg border border-slate-300 bg-white p-3"
    >
      <input type="hidden" name="sort" value={state.sort} />
      <input type="hidden" name="dir" value={state.dir} />
      <label className="flex flex-col text-sm font-medium">
        {t("severity")}
        <select id="queue-severity" name="severity" defaultValue={state.severity ?? ""} className={FIELD}>
          <option value="">{t("severityAll")}</option>
          <option value="red">{t("severityRed")}</option>
          <option value="amber">{t("severityAmber")}</option>
        </select>
      </label>
      <label className="flex flex-col text-sm font-medium">
        {t("team")}
        <select id="queue-team" name="team" defaultValue={state.team ?? ""} className={FIELD}>
          <option value="">{t("teamAll")}</option>
          <Options options={teams.map((t) => ({ value: t.id, label: t.name }))} />
        </select>
      </label>
      <label className="flex flex-col text-sm font-medium">
        {t("status")}
        <select id="queue-status" name="status" defaultValue={state.status} className={FIELD}>
          <option value="active">{t("statusActive")}</option>
          <option value="open">{t("statusOpen")}</option>
          <option value="acknowledged">{t("statusAcknowledged")}</option>
          <option value="resolved">{t("statusResolved")}</option>
        </select>
      </label>
      <label className="flex min-h-9 items-center gap-2 text-sm font-medium">
        <input id="queue-mine" type="checkbox" name="mine" value="1" defaultChecked={state.mine} className="h-4 w-4" />
        {t("mine")}
      </label>
      <label className="flex min-h-9 items-center gap-2 text-sm font-medium">
        <input
          id="queue-overdue"
          type="checkbox"
          name="overdue"
          value="1"
          defaultChecked={state.overdue}
          className="h-4 w-4"
        />
        {t("overdueOnly")}
      </label>
      <label className="flex flex-col text-sm font-medium">
        {t("pageSize")}
        <select id="queue-size" name="size" defaultValue={String(state.size)} className={FIELD}>
          {QUEUE_PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <div className="flex items-center gap-3">
        <button
          id="queue-apply"
          type="submit"
          className="rounded border border-blue-800 bg-blue-700 px-3 py-1.5 text-white disabled:opacity-60"
          disabled={pending}
        >
          {t("apply")}
        </button>
        {isFiltered(state) && (
          <a
            id="queue-clear"
            href={queueHref({ ...DEFAULT_QUEUE_STATE, sort: state.sort, dir: state.dir, size: state.size })}
            className="text-blue-800 underline"
            onClick={(event) => {
              event.preventDefault();
              onApply(queueHref({ ...DEFAULT_QUEUE_STATE, sort: state.sort, dir: state.dir, size: state.size }));
            }}
          >
            {t("clearFilters")}
          </a>
        )}
      </div>
    </form>
  );
}
