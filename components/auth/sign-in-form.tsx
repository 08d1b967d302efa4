"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { SIGN_IN_MESSAGES, type SignInRefusal } from "@/lib/auth/messages";
import { Field, FormError } from "./form-parts";

/** The server's refusal code (lib/auth/messages.ts) in the reader's language; anything else is a refusal. */
function refusalIn(t: ReturnType<typeof useTranslations<"signIn">>, code: string | null | undefined): string {
  const refusal: SignInRefusal = code && code in SIGN_IN_MESSAGES ? (code as SignInRefusal) : "refused";
  const sentences: Record<SignInRefusal, string> = {
    refused: t("refused"),
    slowed: t("slowed"),
    locked: t("locked"),
    rate_limited: t("rateLimited"),
    unavailable: t("unavailable"),
  };
  return sentences[refusal];
}

/**
 * Email and password. A wrong email and a wrong password read the same, so accounts cannot be
 * discovered. On success the start page sends the browser on: to the second factor if the account
 * has one (or must set one up), otherwise to the person's own start page.
 */
export function SignInForm() {
  const router = useRouter();
  const t = useTranslations("signIn");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!result || result.error || !result.ok) {
        setError(refusalIn(t, result?.error));
        return;
      }
      router.replace("/");
      router.refresh();
    } catch {
      setError(t("unreachable"));
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      className="mt-6 space-y-4"
      noValidate
      aria-describedby={error ? "sign-in-error" : undefined}
    >
      <Field label={t("email")} id="email" type="email" autoComplete="username" required />
      <Field
        label={t("password")}
        id="password"
        type="password"
        autoComplete="current-password"
        required
        maxLength={1024}
      />
      {error && <FormError id="sign-in-error">{error}</FormError>}
      <SubmitButton fullWidth pending={pending} pendingLabel={t("pending")}>
        {t("submit")}
      </SubmitButton>
    </form>
  );
}
