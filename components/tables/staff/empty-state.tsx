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
  const link = (href: string, label: string) => (
    <a href={href} onClick={onLinkClick(href)} className="text-blue-800 underline">
      {label}
    </a>
  );
  let body: React.ReactNode;
  if (total > 0) {
    body = (
      <p>
        That page is past the end of the list. {link(staffTableHref(state, { page: pages }), `Go to page ${pages}`)}.
      </p>
    );
  } else if (isFiltered(state)) {
    body = (
      <p>
        No staff match {state.q ? <>“{state.q}” with </> : null}these filters. Check the spelling, or{" "}
        {link(
          staffTableHref({ ...DEFAULT_STAFF_TABLE, sort: state.sort, dir: state.dir, size: state.size }),
          "clear the filters",
        )}
        .
      </p>
    );
  } else {
    body = <p>There are no staff accounts yet. Add the first one with “Add a staff member”.</p>;
  }
  return (
    <div className="mt-2 rounded-lg border border-dashed border-slate-400 bg-white p-6 text-slate-800">{body}</div>
  );
}
