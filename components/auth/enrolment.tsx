"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
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
  const t = useTranslations("enrol");
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
      <Section id="recovery-heading" heading={t("recoveryHeading")} className="mt-6">
        <p className="mt-2">{t("recoveryLead")}</p>
        <ul
          aria-label={t("recoveryCodes")}
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
          {t("saved")}
        </button>
      </Section>
    );
  }

  return (
    <div className="mt-6 space-y-4">
      <ol className="list-decimal space-y-2 pl-6">
        <li>{t("stepApp")}</li>
        <li>{t("stepScan")}</li>
        <li>{t("stepCode")}</li>
      </ol>
      {/* biome-ignore lint/performance/noImgElement: a data: URL generated on the server, not an optimisable asset */}
      <img src={qrDataUrl} width={220} height={220} alt={t("qrAlt")} className="mx-auto" />
      <p className="text-center">
        {t("key")}{" "}
        <code className="break-all font-mono" data-testid="totp-secret">
          {secret.replace(/(.{4})/g, "$1 ").trim()}
        </code>
      </p>
      <form onSubmit={onSubmit} className="space-y-4" noValidate aria-describedby={error ? "enrol-error" : undefined}>
        <Field
          id="code"
          label={t("code")}
          code
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          maxLength={10}
        />
        {error && <FormError id="enrol-error">{error}</FormError>}
        <SubmitButton fullWidth pending={pending} pendingLabel={t("checking")}>
          {t("turnOn")}
        </SubmitButton>
      </form>
    </div>
  );
}
