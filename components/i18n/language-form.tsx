"use client";

import { useLocale, useTranslations } from "next-intl";
import { SubmitButton } from "@/components/ui/submit-button";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import { LOCALE_NAMES, LOCALES, localeOfTag, localeTag } from "@/lib/i18n/locales";

/** The language a signed-in person reads the app in, saved to their account (Account). */
export function LanguageForm({ action }: { action: FormActionFn<{ locale: string }> }) {
  const t = useTranslations("language");
  const current = localeOfTag(useLocale());
  const { state, formAction, pending, onSubmit, fieldError } = useActionForm(action);
  const error = state && !state.ok ? (fieldError("locale") ?? state.error) : undefined;
  return (
    <form action={formAction} onSubmit={onSubmit} className="mt-2 flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="account-locale" className="block font-medium">
          {t("label")}
        </label>
        <p id="account-locale-hint" className="text-sm text-slate-600">
          {t("accountHint")}
        </p>
        <select
          id="account-locale"
          name="locale"
          defaultValue={current}
          aria-describedby="account-locale-hint"
          className="mt-1 rounded border border-slate-400 px-3 py-2"
        >
          {LOCALES.map((locale) => (
            <option key={locale} value={locale} lang={localeTag(locale)}>
              {LOCALE_NAMES[locale]}
            </option>
          ))}
        </select>
      </div>
      <SubmitButton pending={pending}>{t("save")}</SubmitButton>
      <p role="status" className="w-full">
        {state?.ok ? t("saved", { language: LOCALE_NAMES[current] }) : null}
      </p>
      {error && (
        <p role="alert" className="w-full text-red-800">
          {error}
        </p>
      )}
    </form>
  );
}
