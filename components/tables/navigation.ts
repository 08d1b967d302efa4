import { useRouter } from "next/navigation";
import { type MouseEvent, useTransition } from "react";

/** Turns a link's href into its click handler; see `useUrlNavigation`. */
export type OnLinkClick = (href: string) => (event: MouseEvent<HTMLAnchorElement>) => void;

/**
 * Navigation for a table whose state lives in the URL. Every change is a new URL the server page
 * reads, pushed inside a transition so the table can say it is loading and keep its scroll position.
 * Links stay real links (new tab, no JavaScript); only a plain left click is taken over.
 */
export function useUrlNavigation() {
  const router = useRouter();
  const [pending, startNavigation] = useTransition();
  const navigate = (href: string) => startNavigation(() => router.push(href, { scroll: false }));
  const refresh = () => startNavigation(() => router.refresh());
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
