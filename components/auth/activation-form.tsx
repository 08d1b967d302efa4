"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { Field, FormError } from "./form-parts";
import { postJson } from "./post-json";

/** Choosing a password through a one-time activation or reset link. */
export function ActivationForm({ token, email, submitLabel }: { token: string; email: string; submitLabel: string }) {
  const t = useTranslations("activation");
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setMessage(null);
    setErrors({});
    const answer = await postJson("/api/auth/activation", {
      token,
      password: String(form.get("password") ?? ""),
      confirm: String(form.get("confirm") ?? ""),
    });
    if (answer.ok) {
      router.push("/sign-in?notice=password-set");
      return;
    }
    setPending(false);
    setErrors(answer.fieldErrors);
    setMessage(answer.fieldErrors.password || answer.fieldErrors.confirm ? null : answer.message);
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      {/* For password managers: the account this password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field
        id="password"
        label={t("newPassword")}
        hint={t("newPasswordHint")}
        error={errors.password}
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        maxLength={128}
        aria-invalid={Boolean(errors.password)}
        aria-describedby={errors.password ? "password-error" : "password-hint"}
      />
      <Field
        id="confirm"
        label={t("repeat")}
        error={errors.confirm}
        type="password"
        autoComplete="new-password"
        required
        maxLength={128}
        aria-invalid={Boolean(errors.confirm)}
        aria-describedby={errors.confirm ? "confirm-error" : undefined}
      />
      {message && <FormError id="activation-error">{message}</FormError>}
      <SubmitButton fullWidth pending={pending} pendingLabel={t("saving")}>
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
