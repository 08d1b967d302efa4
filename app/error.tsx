"use client";

import { useTranslations } from "next-intl";

/** Any unexpected failure while rendering: a plain message, never a stack trace. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  return (
    <main id="main" className="mx-auto max-w-lg p-8" role="alert">
      <h1 className="text-2xl font-semibold">{t("errorTitle")}</h1>
      <p className="mt-4">{t("error")}</p>
      <button type="button" onClick={reset} className="mt-6 rounded bg-blue-700 px-4 py-2 font-medium text-white">
        {t("tryAgain")}
      </button>
    </main>
  );
}
