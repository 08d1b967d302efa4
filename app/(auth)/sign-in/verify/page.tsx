import { SecondFactorForm } from "@/components/auth/second-factor-form";
import { requirePendingSignIn } from "@/server/auth/session";

export const metadata = { title: "Two-factor sign-in" };

/** The second step of signing in, for a browser that has passed the password. */
export default async function VerifyPage() {
  const pending = await requirePendingSignIn("second_factor");
  return (
    <main id="main" className="mx-auto mt-16 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-semibold">Two-factor sign-in</h1>
      <p className="mt-2 text-slate-600">
        Signing in as <span className="font-medium">{pending.email}</span>.
      </p>
      <SecondFactorForm />
    </main>
  );
}
