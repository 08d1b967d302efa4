"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Section } from "@/components/ui/section";
import { SubmitButton } from "@/components/ui/submit-button";
import { Field, FormError } from "./form-parts";
import { postJson } from "./post-json";

/**
 * Setting up an authenticator app: scan the QR code (or type the key), confirm with the first code,
 * then keep the recovery codes, which are shown this once only.
 */
export function Enrolment({
  qrDataUrl,
  secret,
  continueTo,
}: {
  qrDataUrl: string;
  secret: string;
  continueTo: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    setPending(true);
    setError(null);
    const answer = await postJson("/api/auth/enrolment", { code });
    setPending(false);
    if (answer.ok) setRecoveryCodes(answer.body.recoveryCodes as string[]);
    else setError(answer.fieldErrors.code ?? answer.message);
  }

  if (recoveryCodes) {
    return (
      <Section id="recovery-heading" heading="Save your recovery codes" className="mt-6">
        <p className="mt-2">
          Two-factor sign-in is on. If you lose your phone, each of these codes signs you in once instead of the app.
          Keep them somewhere safe; they are not shown again.
        </p>
        <ul
          aria-label="Recovery codes"
          className="mt-4 grid grid-cols-2 gap-2 rounded border border-slate-300 bg-white p-4 font-mono text-lg"
        >
          {recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <button
          type="button"
          onClick={() => {
            router.replace(continueTo);
            router.refresh();
          }}
          className="mt-6 w-full rounded bg-blue-700 px-4 py-2 font-medium text-white"
        >
          I have saved my recovery codes
        </button>
      </Section>
    );
  }

  return (
    <div className="mt-6 space-y-4">
      <ol className="list-decimal space-y-2 pl-6">
        <li>
          Open an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or
          FreeOTP).
        </li>
        <li>Scan this QR code with it, or enter the key below by hand.</li>
        <li>Type the 6-digit code the app then shows.</li>
      </ol>
      {/* biome-ignore lint/performance/noImgElement: a data: URL generated on the server, not an optimisable asset */}
      <img
        src={qrDataUrl}
        width={220}
        height={220}
        alt="QR code to add SERUMS Oncology to your authenticator app"
        className="mx-auto"
      />
      <p className="text-center">
        Key:{" "}
        <code className="break-all font-mono" data-testid="totp-secret">
          {secret.replace(/(.{4})/g, "$1 ").trim()}
        </code>
      </p>
      <form onSubmit={onSubmit} className="space-y-4" noValidate aria-describedby={error ? "enrol-error" : undefined}>
        <Field
          id="code"
          label="Code from the app"
          code
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          maxLength={10}
        />
        {error && <FormError id="enrol-error">{error}</FormError>}
        <SubmitButton fullWidth pending={pending} pendingLabel="Checking…">
          Turn on two-factor sign-in
        </SubmitButton>
      </form>
    </div>
  );
}
