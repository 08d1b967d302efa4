"use client";

import { signOut } from "next-auth/react";

/** Signs out; `label` is in the reader's language (the shell passes it). */
export function SignOutButton({ label }: { label: string }) {
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: "/sign-in" })}
      className="rounded border border-slate-300 px-3 py-1 text-sm"
    >
      {label}
    </button>
  );
}
