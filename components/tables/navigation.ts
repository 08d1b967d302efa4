import { useRouter } from "next/navigation";
import { type MouseEvent, useEffect, useTransition } from "react";

/** Turns a link's href into its click handler; see `useUrlNavigation`. */
export type OnLinkClick = (href: string) => (event: MouseEvent<HTMLAnchorElement>) => void;

/**
 * The id of the control that started the navigation under way, to give it the focus back. The page
 * renders the table afresh for each URL (a new key), so the element the user pressed is replaced
 * and the browser would leave the focus on <body>. Module state: only one navigation runs at a time.
 */
let returnFocusTo: string | null = null;

/**
 * Where focus goes when the control itself is gone from the new page: "Next page" on the last page
 * gives way to the pager's "Page n of m". An element with the id `<prefix>` stands for every
 * `<prefix>-...` control (see `TablePagination`).
 */
function focusTarget(id: string): HTMLElement | null {
  const element = document.getElementById(id);
  if (element) return element;
  const prefix = id.slice(0, id.lastIndexOf("-"));
  return prefix ? document.getElementById(prefix) : null;
}

/**
 * Navigation for a table whose state lives in the URL. Every change is a new URL the server page
 * reads, pushed inside a transition so the table can say it is loading and keep its scroll position.
 * Links stay real links (new tab, no JavaScript); only a plain left click is taken over. When the
 * new page is shown, the focus is back on the control (by its id) that was focused when it started.
 */
export function useUrlNavigation() {
  const router = useRouter();
  const [pending, startNavigation] = useTransition();
  const navigate = (href: string) => {
    const active = document.activeElement;
    returnFocusTo = active instanceof HTMLElement && active.id ? active.id : null;
    startNavigation(() => router.push(href, { scroll: false }));
  };
  const refresh = () => startNavigation(() => router.refresh());
  useEffect(() => {
    if (pending || returnFocusTo === null) return;
    const id = returnFocusTo;
    returnFocusTo = null;
    const active = document.activeElement;
    if (active && active !== document.body && active.id === id) return;
    focusTarget(id)?.focus();
  }, [pending]);
  const onLinkClick: OnLinkClick = (href) => (event) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(href);
  };
  return { pending, navigate, refresh, onLinkClick };
}
