"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { InlineActionButton } from "@/components/ui/inline-action-button";
import { formatDateTime } from "@/lib/clinic-time";
import { browserLabel } from "@/lib/notifications/push-subscription";
import type { ActionResult } from "@/server/http/action";

export type SubscribedBrowser = { id: string; endpoint: string; label: string; createdAt: string };

type Subscribe = (input: {
  endpoint: string;
  p256dh: string;
  auth: string;
  label: string;
}) => Promise<ActionResult<{ id: string }>>;
type Remove = (state: ActionResult<{ id: string }> | null, data: FormData) => Promise<ActionResult<{ id: string }>>;

/** The VAPID public key (base64url) as the bytes PushManager.subscribe wants. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replaceAll("-", "+")
    .replaceAll("_", "/")
    .padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  const text = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const supportsPush = () =>
  typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

/**
 * The person's browsers subscribed to Web Push, with "this browser" marked, a button to subscribe
 * this one (service worker /sw.js, then PushManager.subscribe with the server's VAPID public key)
 * and one to remove each. `shows`: what the browser will show, a clinician's "alerts" or a
 * patient's "reminders".
 */
export function PushSubscriptions({
  publicKey,
  browsers,
  subscribe,
  remove,
  shows = "alerts",
}: {
  /** Null when the server has no VAPID keys: push is off. */
  publicKey: string | null;
  shows?: "alerts" | "reminders";
  browsers: SubscribedBrowser[];
  subscribe: Subscribe;
  remove: Remove;
}) {
  const router = useRouter();
  const [thisEndpoint, setThisEndpoint] = useState<string | null>(null);
  const [supported, setSupported] = useState(true);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    if (!supportsPush()) {
      setSupported(false);
      return;
    }
    navigator.serviceWorker
      .getRegistration("/")
      .then((registration) => registration?.pushManager.getSubscription())
      .then((subscription) => setThisEndpoint(subscription?.endpoint ?? null))
      .catch(() => setThisEndpoint(null));
  }, []);

  async function subscribeThisBrowser() {
    if (!publicKey) return;
    setBusy(true);
    setMessage(null);
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        setMessage({
          ok: false,
          text: "This browser is not allowed to show notifications from this site. Allow them in its settings, then try again.",
        });
        return;
      }
      await navigator.serviceWorker.register("/sw.js", { scope: "/" });
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(publicKey),
      });
      const { keys } = subscription.toJSON();
      const result = await subscribe({
        endpoint: subscription.endpoint,
        p256dh: keys?.p256dh ?? "",
        auth: keys?.auth ?? "",
        label: browserLabel(navigator.userAgent),
      });
      if (!result.ok) {
        await subscription.unsubscribe();
        setMessage({ ok: false, text: result.fields?.[0]?.message ?? result.error });
        return;
      }
      setThisEndpoint(subscription.endpoint);
      setMessage({ ok: true, text: `This browser will now show ${shows}, even when this page is closed.` });
      router.refresh();
    } catch {
      setMessage({
        ok: false,
        text: "This browser could not subscribe to notifications. Try again, or use email.",
      });
    } finally {
      setBusy(false);
    }
  }

  const subscribedHere = thisEndpoint !== null && browsers.some((b) => b.endpoint === thisEndpoint);
  return (
    <div className="mt-3">
      {browsers.length === 0 ? (
        <p>
          {shows === "alerts"
            ? "No browser or phone is subscribed: alerts come by email only."
            : "No phone or browser is subscribed yet."}
        </p>
      ) : (
        <ul className="space-y-2">
          {browsers.map((b) => (
            <li
              key={b.id}
              className="flex flex-wrap items-center justify-between gap-2 rounded border border-slate-200 bg-white p-3"
            >
              <span>
                {b.endpoint === thisEndpoint ? <strong>This browser</strong> : b.label}, added{" "}
                {formatDateTime(b.createdAt)}
              </span>
              <InlineActionButton
                field="subscriptionId"
                value={b.id}
                label="Remove"
                pendingLabel="Removing…"
                accessibleName={`Remove ${b.endpoint === thisEndpoint ? "this browser" : b.label}, added ${formatDateTime(b.createdAt)}`}
                action={remove}
              />
            </li>
          ))}
        </ul>
      )}
      {!publicKey ? (
        <p className="mt-3 text-slate-700">Push notifications are not set up on this server.</p>
      ) : !supported ? (
        <p className="mt-3 text-slate-700">This browser cannot receive push notifications.</p>
      ) : subscribedHere ? null : (
        <button
          type="button"
          onClick={subscribeThisBrowser}
          disabled={busy}
          className="mt-3 rounded bg-blue-700 px-4 py-2 font-medium text-white disabled:opacity-60"
        >
          {busy ? "Subscribing…" : `Show ${shows} in this browser`}
        </button>
      )}
      {message && (
        <p role={message.ok ? "status" : "alert"} className={`mt-2 ${message.ok ? "text-green-800" : "text-red-800"}`}>
          {message.text}
        </p>
      )}
    </div>
  );
}
