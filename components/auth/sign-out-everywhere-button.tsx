"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { postJson } from "./post-json";

/** Ends every session of the account, then this browser's cookie too. */
export function SignOutEverywhereButton() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <div>
      <button
        type="button"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          const answer = await postJson("/api/auth/sign-out-everywhere", {});
          if (answer.ok || answer.status === 401) {
            await signOut({ callbackUrl: "/sign-in?notice=signed-out-everywhere" });
            return;
          }
          setPending(false);
          setError(answer.message);
        }}
        className="rounded border border-red-700 px-4 py-2 font-medium text-red-800 disabled:opacity-60"
      >
        Sign out everywhere
      </button>
      {error && (
        <p role="alert" className="mt-2 text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}
