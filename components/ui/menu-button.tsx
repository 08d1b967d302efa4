"use client";

import { type KeyboardEvent, type ReactNode, useEffect, useId, useLayoutEffect, useRef, useState } from "react";

export type MenuItem = {
  key: string;
  /** The item's text; its accessible name, and what typing its first letter finds. */
  label: string;
  /** Said after the label to a screen reader only, e.g. which alert. */
  hint?: ReactNode;
  onSelect: () => void;
};

/**
 * A menu button (WAI-ARIA Authoring Practices, "Menu Button"): a button with `aria-haspopup="menu"`
 * that opens a list of actions. Enter, Space or Down Arrow open it on its first item, Up Arrow on
 * its last; Up and Down Arrow move through the items (round the ends), Home and End go to the first
 * and the last, a letter to the next item it starts; Enter or Space choose one; Escape closes it
 * and gives the focus back to the button, and so does choosing an item, before the item acts, so a
 * dialog the item opens gives the focus back to the button too. Tab, a click elsewhere, or the
 * focus leaving it close it.
 *
 * The menu opens below the button, or above it when there is no room below in the window.
 */
export function MenuButton({
  label,
  srLabel,
  items,
  disabled = false,
  className,
}: {
  /** What the button shows. */
  label: ReactNode;
  /** Said after `label` to a screen reader only, e.g. " actions for the alert for Elspeth Muir". */
  srLabel?: ReactNode;
  items: readonly MenuItem[];
  disabled?: boolean;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [above, setAbove] = useState(false);
  const buttonId = useId();
  const menuId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  const openAt = (index: number) => {
    setActive(index);
    setAbove(false);
    setOpen(true);
  };
  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };

  // Up when it would leave the window below and fits above; measured before the browser paints.
  useLayoutEffect(() => {
    if (!open || !menu.current || !button.current) return;
    const height = menu.current.getBoundingClientRect().height;
    const box = button.current.getBoundingClientRect();
    setAbove(box.bottom + height + 8 > window.innerHeight && box.top - height - 8 > 0);
  }, [open]);

  // The active item has the focus while the menu is open.
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [open, active]);

  // A press anywhere else closes it, leaving the focus where that press puts it.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  // Nothing to choose from, or an action under way: no menu.
  useEffect(() => {
    if (disabled || items.length === 0) setOpen(false);
  }, [disabled, items.length]);

  const onButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      openAt(0);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      openAt(items.length - 1);
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = items.length - 1;
    const move = (index: number) => {
      event.preventDefault();
      setActive(index);
    };
    switch (event.key) {
      case "ArrowDown":
        return move(active >= last ? 0 : active + 1);
      case "ArrowUp":
        return move(active <= 0 ? last : active - 1);
      case "Home":
      case "PageUp":
        return move(0);
      case "End":
      case "PageDown":
        return move(last);
      case "Escape":
        event.preventDefault();
        event.stopPropagation();
        return close(true);
      case "Tab":
        // The focus moves on from the button (the items are out of the tab order), as if the menu
        // had not been there.
        return close(true);
      default:
        if (event.key.length === 1 && /\S/.test(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) {
          const letter = event.key.toLowerCase();
          const order = items.map((_, i) => (active + 1 + i) % items.length);
          const next = order.find((i) => items[i].label.toLowerCase().startsWith(letter));
          if (next !== undefined) move(next);
        }
    }
  };

  const choose = (item: MenuItem) => {
    close(true);
    item.onSelect();
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: closes the menu when the focus leaves it, handles no input itself
    <div
      ref={wrapper}
      className="relative inline-block"
      onBlur={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        id={buttonId}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={disabled || items.length === 0}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKeyDown}
        className={className}
      >
        {label}
        {srLabel ? <span className="sr-only">{srLabel}</span> : null}
        <span aria-hidden="true" className="ml-1 text-xs">
          ▾
        </span>
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-labelledby={buttonId}
          tabIndex={-1}
          onKeyDown={onMenuKeyDown}
          className={`absolute right-0 z-30 min-w-44 rounded-md border border-slate-400 bg-white py-1 text-left shadow-lg ${above ? "bottom-full mb-1" : "top-full mt-1"}`}
        >
          {items.map((item, index) => (
            <button
              key={item.key}
              type="button"
              role="menuitem"
              tabIndex={-1}
              onClick={() => choose(item)}
              onPointerMove={() => {
                if (index !== active) setActive(index);
              }}
              className="block min-h-9 w-full whitespace-nowrap px-3 py-1.5 text-left text-sm text-slate-900 hover:bg-blue-50 focus:bg-blue-100 focus:outline-none focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-blue-700"
            >
              {item.label}
              {item.hint ? <span className="sr-only">{item.hint}</span> : null}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
