"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { signInMessage } from "@/lib/auth/messages";
import { Field, FormError } from "./form-parts";

/**
 * Email and password. A wrong email and a wrong password read the same, so accounts cannot be
 * discovered. On success the start page sends the browser on: to the second factor if the account
 * has one (or must set one up), otherwise to the person's own start page.
 */
export function SignInForm() {
  const router = useRouter();
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
        setError(signInMessage(result?.error));
        return;
      }
      router.replace("/");
      router.refresh();
    } catch {
      setError("We could not reach the server. Please check your connection and try again.");
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
      <Field label="Email" id="email" type="email" autoComplete="username" required />
      <Field label="Password" id="password" type="password" autoComplete="current-password" required maxLength={1024} />
      {error && <FormError id="sign-in-error">{error}</FormError>}
      <SubmitButton fullWidth pending={pending} pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
