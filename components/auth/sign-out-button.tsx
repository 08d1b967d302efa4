"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: "/sign-in" })}
      className="rounded border border-slate-300 px-3 py-1 text-sm"
    >
      Sign out
    </button>
  );
}
