import { useTranslations } from "next-intl";
import type { OnLinkClick } from "./navigation";

/**
 * Previous and next pages, and where one is. Links, so each page has its own shareable URL.
 * Hidden when everything fits on the first page; shown on a page past the end, so one can get back.
 * Each link has an id (`pager-next`, ...) that brings the focus back to it on the page it opens;
 * where that page has no such link (no next page on the last), "Page n of m" (`pager`) takes it.
 */
export function TablePagination({
  label,
  page,
  pages,
  hrefFor,
  onLinkClick,
}: {
  /** The navigation landmark's accessible name, e.g. "Pages of staff". */
  label: string;
  /** The page asked for (1-based); may be past the last one. */
  page: number;
  pages: number;
  hrefFor: (page: number) => string;
  onLinkClick: OnLinkClick;
}) {
  const t = useTranslations("triageQueue");
  if (pages <= 1 && page === 1) return null;
  const link = (to: number, text: string, id: string, rel?: string) => {
    const href = hrefFor(to);
    return (
      <a
        id={`pager-${id}`}
        href={href}
        rel={rel}
        onClick={onLinkClick(href)}
        className="rounded border border-slate-400 bg-white px-3 py-1.5 text-blue-800 underline-offset-2 hover:underline"
      >
        {text}
      </a>
    );
  };
  const current = Math.min(page, pages);
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center gap-3">
      {page > 1 && link(1, t("firstPage"), "first")}
      {page > 1 && link(Math.min(page - 1, pages), t("previousPage"), "previous", "prev")}
      <span id="pager" tabIndex={-1} aria-current="page" className="rounded px-1">
        {t("pageOf", { current, pages })}
      </span>
      {page < pages && link(page + 1, t("nextPage"), "next", "next")}
      {page < pages && link(pages, t("lastPage"), "last")}
    </nav>
  );
}
