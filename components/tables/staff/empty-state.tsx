import { useTranslations } from "next-intl";
import type { OnLinkClick } from "../navigation";
import { DEFAULT_STAFF_TABLE, isFiltered, type StaffTableState, staffTableHref } from "./state";

/** Says why the table is empty and offers the way out: clear the filters, or go back to a real page. */
export function StaffEmptyState({
  state,
  total,
  pages,
  onLinkClick,
}: {
  state: StaffTableState;
  total: number;
  pages: number;
  onLinkClick: OnLinkClick;
}) {
  const t = useTranslations("staffTable");
  const link = (href: string, label: React.ReactNode) => (
    <a href={href} onClick={onLinkClick(href)} className="text-blue-800 underline">
      {label}
    </a>
  );
  const clearLink = (chunks: React.ReactNode) =>
    link(staffTableHref({ ...DEFAULT_STAFF_TABLE, sort: state.sort, dir: state.dir, size: state.size }), chunks);
  let body: React.ReactNode;
  if (total > 0) {
    body = (
      <p>
        {t("pastEnd")} {link(staffTableHref(state, { page: pages }), t("goToPage", { page: pages }))}.
      </p>
    );
  } else if (isFiltered(state)) {
    body = (
      <p>
        {state.q
          ? t.rich("noMatchQuery", { query: state.q, clear: clearLink })
          : t.rich("noMatchFilters", { clear: clearLink })}
      </p>
    );
  } else {
    body = <p>{t("noStaff")}</p>;
  }
  return (
    <div className="mt-2 rounded-lg border border-dashed border-slate-400 bg-white p-6 text-slate-800">{body}</div>
  );
}
