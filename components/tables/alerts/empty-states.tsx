import { DEFAULT_QUEUE_STATE, isFiltered, type QueueState, queueHref } from "@/lib/alerts/queue-state";
import type { OnLinkClick } from "../navigation";

/** Why the table is empty, and the way on: no team, nothing to do, nothing matching, or past the last page. */
export function TriageQueueEmpty({
  state,
  total,
  pages,
  hasTeams,
  onLinkClick,
}: {
  state: QueueState;
  total: number;
  pages: number;
  hasTeams: boolean;
  onLinkClick: OnLinkClick;
}) {
  const box = "mt-4 rounded-lg border border-slate-300 bg-white p-6";
  if (!hasTeams) {
    return (
      <div className={box}>
        <p className="font-semibold">You are not in a care team.</p>
        <p className="mt-1 text-slate-700">
          The triage queue holds the alerts of your care teams. An admin can add you to one.
        </p>
      </div>
    );
  }
  if (total > 0) {
    const last = queueHref(state, { page: pages });
    return (
      <div className={box}>
        <p className="font-semibold">There is no page {state.page}.</p>
        <p className="mt-1">
          <a href={last} onClick={onLinkClick(last)} className="text-blue-800 underline">
            Go to the last page ({pages})
          </a>
        </p>
      </div>
    );
  }
  if (isFiltered(state)) {
    const clear = queueHref({ ...DEFAULT_QUEUE_STATE, sort: state.sort, dir: state.dir, size: state.size });
    return (
      <div className={box}>
        <p className="font-semibold">No alerts match these filters.</p>
        <p className="mt-1">
          <a href={clear} onClick={onLinkClick(clear)} className="text-blue-800 underline">
            Clear the filters
          </a>
        </p>
      </div>
    );
  }
  return (
    <div className={box}>
      <p className="font-semibold">No open alerts for your care teams.</p>
      <p className="mt-1 text-slate-700">New alerts appear here as patients report, without reloading the page.</p>
    </div>
  );
}
