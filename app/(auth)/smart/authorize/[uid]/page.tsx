import { headers } from "next/headers";
import { MessagePage } from "@/components/ui/message-page";
import { AppError } from "@/lib/errors";
import { describeScope } from "@/lib/smart/scopes";
import { requirePageSession } from "@/server/auth/session";
import { siteOrigin } from "@/server/http/origin";
import { type PendingAuthorization, pendingAuthorization } from "@/server/smart/interaction";
import { answerApp } from "./actions";

export const metadata = { title: "Connect an app" };

/**
 * Where a SMART app's authorization request lands (server/smart/provider.ts): the signed-in user
 * sees which app asks for what and allows or refuses it. Only a patient or a clinician may.
 */
export default async function AuthorizeAppPage({ params }: { params: Promise<{ uid: string }> }) {
  const user = await requirePageSession(["patient", "oncologist", "nurse"]);
  const { uid } = await params;
  let pending: PendingAuthorization;
  try {
    pending = await pendingAuthorization(siteOrigin(await headers()) ?? "", uid, user);
  } catch (error) {
    if (error instanceof AppError) return <MessagePage title="This request has ended" message={error.message} />;
    throw error;
  }
  const refused = pending.requested.filter((s) => !pending.grantable.includes(s));
  return (
    <main id="main" className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">Connect {pending.clientName}?</h1>
      <p className="mt-4">
        <strong>{pending.clientName}</strong> asks to act for you, {user.displayName}. It will be able to:
      </p>
      {pending.grantable.length === 0 ? (
        <p className="mt-4">Nothing it asks for can be given to your account.</p>
      ) : (
        <ul className="mt-4 list-disc space-y-1 pl-6">
          {pending.grantable.map((scope) => (
            <li key={scope}>
              {describeScope(scope)} <code className="text-sm text-slate-600">({scope})</code>
            </li>
          ))}
        </ul>
      )}
      {refused.length > 0 && (
        <p className="mt-4 text-slate-700">
          It also asks for {refused.join(", ")}, which your account cannot give and it will not get.
        </p>
      )}
      <p className="mt-4 text-slate-700">
        It reads only what you could read yourself: a patient's sharing choices still apply, and every read is recorded.
        You can stop it by revoking your sharing rules; an admin can disconnect it.
      </p>
      <form action={answerApp} className="mt-6 flex gap-3">
        <input type="hidden" name="uid" value={pending.uid} />
        {pending.grantable.length > 0 && (
          <button
            type="submit"
            name="decision"
            value="allow"
            className="rounded bg-blue-700 px-4 py-2 font-medium text-white"
          >
            Allow
          </button>
        )}
        <button
          type="submit"
          name="decision"
          value="deny"
          className="rounded border border-slate-400 px-4 py-2 font-medium"
        >
          Do not allow
        </button>
      </form>
    </main>
  );
}
