import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

/** The way out of a page that could not be shown: back to the signed-in person's start page. */
export function StartPageLink({ className }: { className: string }) {
  const t = useTranslations("errors");
  return (
    <p className={className}>
      <Link className="text-blue-700 underline" href="/">
        {t("startPage")}
      </Link>
    </p>
  );
}

/** A page outside the app's shell (no access, nothing found): its own `<main>` landmark, narrow and padded. */
export function BarePage({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="mx-auto max-w-lg p-8">
      {children}
    </main>
  );
}

/** A short message page: a title, one sentence on what happened, and the way back to the start page. */
export function MessagePage({ title, message }: { title: string; message: string }) {
  return (
    <BarePage>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="mt-4">{message}</p>
      <StartPageLink className="mt-4" />
    </BarePage>
  );
}
