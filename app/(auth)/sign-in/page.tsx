import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getPendingSignIn, getSessionUser, pendingPath } from "@/server/auth/session";

export const metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  "password-set": "Your password is set. Sign in with your email and the new password.",
  "signed-out-everywhere": "You are signed out on every device.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (await getSessionUser()) redirect("/");
  const pending = await getPendingSignIn();
  if (pending) redirect(pendingPath(pending));
  const { notice } = await searchParams;
  const noticeText = typeof notice === "string" ? NOTICES[notice] : undefined;
  return (
    <main id="main" className="mx-auto mt-16 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">Sign in to SERUMS Oncology</h1>
      <p className="mt-2 text-slate-600">For the care team and for patients reporting their symptoms.</p>
      {noticeText && (
        <p role="status" className="mt-4 rounded border border-green-300 bg-green-50 p-3 text-green-900">
          {noticeText}
        </p>
      )}
      <SignInForm />
      <details className="mt-6 text-sm text-slate-700">
        <summary className="cursor-pointer text-blue-700 underline">Forgotten your password?</summary>
        <p className="mt-2">
          Staff: ask an administrator of your organisation for a password reset link. Patients: ask your care team. The
          link works once, for 72 hours.
        </p>
      </details>
    </main>
  );
}
