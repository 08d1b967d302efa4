"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { type AlertActionHandlers, type AlertActionOutcome, AlertActions } from "@/components/alerts/alert-actions";
import type { AlertView, Colleague } from "@/lib/alerts/view";

/**
 * The triage queue's alert actions (acknowledge, assign, note, resolve, reopen) on the patient
 * record. After any outcome the record is read again, so the alert's history shows the change, and
 * the focus goes to the message that says what happened: the button pressed may be gone once the
 * record is read again (Resolve after resolving), which would leave the focus on <body>.
 */
export function RecordAlertActions({
  alert,
  handlers,
  colleagues,
  viewerId,
  patientLabel,
}: {
  alert: AlertView;
  handlers: AlertActionHandlers;
  colleagues: Colleague[];
  viewerId: string;
  patientLabel: string;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const shown = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message) shown.current?.focus();
  }, [message]);
  const onOutcome = (outcome: AlertActionOutcome) => {
    // A new object each time, so the same sentence twice still takes the focus.
    setMessage({ tone: outcome.kind === "changed" ? "ok" : "error", text: outcome.message });
    router.refresh();
  };
  return (
    <div className="mt-2">
      <AlertActions
        alert={alert}
        handlers={handlers}
        colleagues={colleagues}
        viewerId={viewerId}
        patientLabel={patientLabel}
        onOutcome={onOutcome}
      />
      {message && (
        <p
          ref={shown}
          tabIndex={-1}
          role={message.tone === "error" ? "alert" : "status"}
          className={`mt-2 rounded border p-2 text-sm ${message.tone === "error" ? "border-red-700 bg-red-50 text-red-900" : "border-green-700 bg-green-50 text-green-900"}`}
        >
          {message.text}
        </p>
      )}
    </div>
  );
}
