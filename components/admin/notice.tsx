"use client";

import { useTranslations } from "next-intl";
import { createContext, useContext, useEffect, useRef, useState } from "react";

const NoticeContext = createContext<(message: string | null) => void>(() => {});

/**
 * A page's confirmation of what just happened. It lives above the page's content, so it survives
 * the re-render that follows a change (when the button that made it may be gone: an unlocked
 * account has no "Unlock" button). It takes focus, so keyboard and screen-reader users hear it.
 */
export function NoticeProvider({ children }: { children: React.ReactNode }) {
  const t = useTranslations("adminUi");
  const [notice, setNotice] = useState<{ message: string; at: number } | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice) ref.current?.focus();
  }, [notice]);
  return (
    <NoticeContext.Provider value={(message) => setNotice(message ? { message, at: Date.now() } : null)}>
      {notice ? (
        <div
          ref={ref}
          tabIndex={-1}
          role="status"
          className="mb-4 flex items-start justify-between gap-4 rounded border border-green-600 bg-green-50 p-3 text-green-900"
        >
          <p>{notice.message}</p>
          <button type="button" className="text-sm underline" onClick={() => setNotice(null)}>
            {t("dismiss")}
          </button>
        </div>
      ) : null}
      {children}
    </NoticeContext.Provider>
  );
}

export const useAnnounce = () => useContext(NoticeContext);
