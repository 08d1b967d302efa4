import Link from "next/link";
import { ActivationForm } from "@/components/auth/activation-form";
import { describeLink, LINK_MESSAGES } from "@/server/auth/invitations";
import { now } from "@/server/clock";
import { getDatabase } from "@/server/database";

export const metadata = { title: "Set your password" };

/**
 * A one-time link from an administrator (or, for patients, the care team): a new account's
 * activation or a password reset. Opening it changes nothing; setting the password uses it up.
 */
export default async function ActivatePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const state = await describeLink(await getDatabase(), token, now());
  return (
    <main id="main" className="mx-auto mt-16 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      {state.status === "valid" ? (
        <>
          <h1 className="text-2xl font-semibold">
            {state.link.purpose === "activate" ? "Set your password" : "Choose a new password"}
          </h1>
          <p className="mt-2 text-slate-600">
            For <span className="font-medium">{state.link.email}</span>.
            {state.link.purpose === "activate" && state.link.kind === "staff"
              ? " Next, you sign in and set up two-factor sign-in with an authenticator app on your phone."
              : ""}
          </p>
          <ActivationForm token={token} email={state.link.email} submitLabel="Set password" />
        </>
      ) : (
        <>
          <h1 className="text-2xl font-semibold">This link cannot be used</h1>
          <p role="alert" className="mt-4">
            {LINK_MESSAGES[state.status]}
          </p>
          <p className="mt-4">
            <Link className="text-blue-700 underline" href="/sign-in">
              Go to sign in
            </Link>
          </p>
        </>
      )}
    </main>
  );
}
