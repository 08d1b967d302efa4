"use client";

import { useTranslations } from "next-intl";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import { LOCALE_NAMES, LOCALES, type Locale, localeTag } from "@/lib/i18n/locales";
import { FieldError, FormMessage, primaryButton } from "./form-bits";

type Saved = { changed: string[]; locale: Locale };

/**
 * The organisation's default language: what the app speaks to those of its people who chose no
 * language and whose browser asks for none the app speaks, and what their emails are written in.
 */
export function DefaultLanguageForm({ action, current }: { action: FormActionFn<Saved>; current: Locale }) {
  const t = useTranslations("settingsAdmin");
  const { state, formAction, pending, onSubmit, fieldError } = useActionForm(action);
  const error = fieldError("locale");
  return (
    <form
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="default-language-heading"
      className="mt-8 max-w-3xl space-y-3 rounded-lg bg-white p-4"
    >
      <h2 id="default-language-heading" className="text-xl font-semibold">
        {t("languageHeading")}
      </h2>
      <div>
        <label htmlFor="default-locale" className="block font-medium">
          {t("languageLabel")}
        </label>
        <p id="default-locale-hint" className="text-sm text-slate-700">
          {t("languageHint")}
        </p>
        <select
          id="default-locale"
          name="locale"
          defaultValue={current}
          aria-invalid={error ? true : undefined}
          aria-describedby={`default-locale-hint${error ? " default-locale-error" : ""}`}
          className="mt-1 rounded border border-slate-500 bg-white p-2"
        >
          {LOCALES.map((locale) => (
            <option key={locale} value={locale} lang={localeTag(locale)}>
              {LOCALE_NAMES[locale]}
            </option>
          ))}
        </select>
        <FieldError id="default-locale-error" message={error} />
      </div>
      <button type="submit" className={primaryButton} disabled={pending}>
        {t("languageSave")}
      </button>
      {error ? null : (
        <FormMessage
          state={state}
          success={(d) => (
            <p>
              {d.changed.length === 0
                ? t("languageUnchanged", { language: LOCALE_NAMES[d.locale] })
                : t("languageSaved", { language: LOCALE_NAMES[d.locale] })}
            </p>
          )}
        />
      )}
    </form>
  );
}
