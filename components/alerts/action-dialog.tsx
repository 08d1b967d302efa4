"use client";

import { type ReactNode, useEffect, useId, useRef } from "react";

/**
 * A modal dialog on the native <dialog> element, in the middle of the window: focus moves into it
 * and is trapped there, Escape closes it, and focus returns to the button that opened it.
 */
export function ActionDialog({
  title,
  description,
  onClose,
  children,
}: {
  title: string;
  description?: string;
  onClose: () => void;
  children: (ids: { titleId: string }) => ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.isConnected) {
        // Still in the page: React is undoing the effect to run it again, as development does once
        // after every mount. Closing gives focus back to the opener, and the effect then shows the
        // dialog again; the close event this queues arrives after that, and is ignored below.
        dialog.close();
      } else if (opener?.isConnected && (!document.activeElement || document.activeElement === document.body)) {
        // Removed (cancelled, or its action done): taking it out of the page gives no focus back.
        opener.focus();
      }
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={(event) => {
        // Closed by the user (Escape), not a close that arrived after the dialog was shown again.
        if (!event.currentTarget.open) onClose();
      }}
      // m-auto: the browser centres a modal dialog with its margins, which Tailwind's base styles
      // set to 0. The width leaves a margin on narrow screens.
      className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-lg border border-slate-300 p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="p-5">
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        {description ? (
          <p id={descriptionId} className="mt-1 text-slate-700">
            {description}
          </p>
        ) : null}
        <div className="mt-4">{children({ titleId })}</div>
      </div>
    </dialog>
  );
}
