"use client";

import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import { Field, FormError } from "./form-parts";
import { postJson } from "./post-json";

/** The second step of signing in: the code from the authenticator app, or a recovery code. */
export function SecondFactorForm() {
  const router = useRouter();
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
      setError(answer.message);
      return;
    }
    setError(answer.fieldErrors.code ?? answer.message);
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
        label="Authentication code"
        hint="The 6-digit code your authenticator app shows for SERUMS Oncology, or one of your recovery codes."
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
      <SubmitButton fullWidth pending={pending} pendingLabel="Checking…">
        Verify
      </SubmitButton>
      <button
        type="button"
        onClick={() => signOut({ callbackUrl: "/sign-in" })}
        className="w-full text-center text-blue-700 underline"
      >
        Cancel and sign in as someone else
      </button>
    </form>
  );
}
