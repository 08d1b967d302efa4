import { notFound } from "next/navigation";
import { readDevMailbox } from "@/server/notifications/transport";

export const metadata = { title: "Development mailbox" };
export const dynamic = "force-dynamic";

/**
 * The development mailbox: the emails the notification worker would have sent, when SMTP_URL is
 * not set. Exists only outside production (a production build answers 404). The messages carry
 * no patient data, so the page asks for no sign-in.
 */
export default async function DevMailbox() {
  if (process.env.NODE_ENV === "production") notFound();
  const messages = await readDevMailbox();
  return (
    <main className="mx-auto max-w-3xl p-6">
      <h1 className="text-2xl font-semibold">Development mailbox</h1>
      <p className="mt-2 text-sm text-slate-600">
        Emails the notification worker sent here because <code>SMTP_URL</code> is not set, newest first.
      </p>
      {messages.length === 0 ? (
        <p className="mt-6">No messages yet. A red report from a patient of a team with someone on call sends one.</p>
      ) : (
        <ul className="mt-6 space-y-4">
          {messages.map((m) => (
            <li key={`${m.at}-${m.to}-${m.subject}`} className="rounded border border-slate-300 p-4">
              <p className="text-sm text-slate-600">
                <time dateTime={m.at}>{m.at}</time> to {m.to}
              </p>
              <h2 className="mt-1 font-semibold">{m.subject}</h2>
              <pre className="mt-2 whitespace-pre-wrap font-sans text-sm">{m.text}</pre>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
