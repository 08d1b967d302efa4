import { useTranslations } from "next-intl";
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
  const t = useTranslations("triageQueue");
  const box = "mt-4 rounded-lg border border-slate-300 bg-white p-6";
  if (!hasTeams) {
    return (
      <div className={box}>
        <p className="font-semibold">{t("noTeamTitle")}</p>
        <p className="mt-1 text-slate-700">{t("noTeamText")}</p>
      </div>
    );
  }
  if (total > 0) {
    const last = queueHref(state, { page: pages });
    return (
      <div className={box}>
        <p className="font-semibold">{t("noSuchPage", { page: state.page })}</p>
        <p className="mt-1">
          <a href={last} onClick={onLinkClick(last)} className="text-blue-800 underline">
            {t("goToLastPage", { pages })}
          </a>
        </p>
      </div>
    );
  }
  if (isFiltered(state)) {
    const clear = queueHref({ ...DEFAULT_QUEUE_STATE, sort: state.sort, dir: state.dir, size: state.size });
    return (
      <div className={box}>
        <p className="font-semibold">{t("noMatch")}</p>
        <p className="mt-1">
          <a href={clear} onClick={onLinkClick(clear)} className="text-blue-800 underline">
            {t("clearTheFilters")}
          </a>
        </p>
      </div>
    );
  }
  return (
    <div className={box}>
      <p className="font-semibold">{t("emptyTitle")}</p>
      <p className="mt-1 text-slate-700">{t("emptyText")}</p>
    </div>
  );
}
