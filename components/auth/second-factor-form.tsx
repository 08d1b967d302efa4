"use client";

import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { SECOND_FACTOR_MESSAGES } from "@/lib/auth/messages";
import { Field, FormError } from "./form-parts";
import { postJson } from "./post-json";

/** The second step of signing in: the code from the authenticator app, or a recovery code. */
export function SecondFactorForm() {
  const router = useRouter();
  const t = useTranslations("secondFactor");
  // The server's sentences are English; the ones a person meets every day are said in their language.
  const inTheirLanguage = (message: string): string =>
    message === SECOND_FACTOR_MESSAGES.wrong
      ? t("wrong")
      : message === SECOND_FACTOR_MESSAGES.reused
        ? t("reused")
        : message === SECOND_FACTOR_MESSAGES.format
          ? t("format")
          : message;
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    setPending(true);
    setError(null);
    const answer = await postJson("/api/auth/second-factor", { code });
    if (answer.ok) {
      router.replace("/");
      router.refresh();
      return;
    }
    setPending(false);
    if (answer.status === 401 || answer.status === 429) {
      // The half-finished sign-in is over (expired or locked): start again from the password.
      setError(inTheirLanguage(answer.message));
      return;
    }
    setError(inTheirLanguage(answer.fieldErrors.code ?? answer.message));
  }

  return (
    <form
      onSubmit={onSubmit}
      className="mt-6 space-y-4"
      noValidate
      aria-describedby={error ? "code-error" : "code-hint"}
    >
      <Field
        id="code"
        label={t("code")}
        hint={t("codeHint")}
        code
        type="text"
        inputMode="text"
        autoComplete="one-time-code"
        autoCapitalize="characters"
        spellCheck={false}
        required
        maxLength={32}
      />
      {error && <FormError id="code-error">{error}</FormError>}
      <SubmitButton fullWidth pending={pending} pendingLabel={t("pending")}>
        {t("verify")}
      </SubmitButton>
      <button
        type="button"
        onClick={() => signOut({ callbackUrl: "/sign-in" })}
        className="w-full text-center text-blue-700 underline"
      >
        {t("cancel")}
      </button>
    </form>
  );
}
