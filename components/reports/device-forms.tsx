"use client";

import { useActionState } from "react";
import { InlineActionButton } from "@/components/ui/inline-action-button";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/server/http/action";
import { CopyButton } from "./copy-button";

type Created = ActionResult<{ id: string; name: string; token: string }> | null;
type Revoked = ActionResult<{ id: string }> | null;

/** Names a new device and shows its token once, to be typed or pasted into the device. */
export function CreateDeviceForm({ action }: { action: (s: Created, d: FormData) => Promise<Created> }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <div className="rounded-lg bg-white p-4">
      <form action={formAction} className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="device-name" className="block font-medium">
            Device name
          </label>
          <input
            id="device-name"
            name="name"
            maxLength={60}
            required
            placeholder="e.g. My thermometer"
            className="mt-1 rounded border border-slate-500 p-2"
          />
        </div>
        <SubmitButton pending={pending} pendingLabel="Creating…">
          Create a token
        </SubmitButton>
      </form>
      {state && !state.ok && (
        <p role="alert" className="mt-2 text-red-800">
          {state.fields?.[0]?.message ?? state.error}
        </p>
      )}
      {state?.ok && (
        <div role="status" className="mt-3 rounded border border-green-600 bg-green-50 p-3">
          <p className="font-medium">Token for “{state.data.name}”. Copy it now: it will not be shown again.</p>
          <code id="new-device-token" className="mt-1 block break-all rounded bg-white p-2 font-mono">
            {state.data.token}
          </code>
          <div className="mt-2">
            <CopyButton text={state.data.token} label="Copy the token" />
          </div>
        </div>
      )}
    </div>
  );
}

export function RevokeDeviceButton({
  tokenId,
  name,
  action,
}: {
  tokenId: string;
  name: string;
  action: (s: Revoked, d: FormData) => Promise<Revoked>;
}) {
  return (
    <InlineActionButton
      field="tokenId"
      value={tokenId}
      label="Revoke"
      pendingLabel="Revoking…"
      accessibleName={`Revoke ${name}`}
      confirm={{
        question: `Revoke “${name}”? It will no longer be able to send reports for you.`,
        yes: `Yes, revoke ${name}`,
      }}
      action={action}
    />
  );
}
