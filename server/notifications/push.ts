import "server-only";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import webpush from "web-push";
import { DEFAULT_PGLITE_DIR } from "@/db/client";
import type { PushMessage } from "@/lib/notifications/message";

/** The server's VAPID identity: the key pair push services know it by, and a contact for them. */
export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

/** A browser's push subscription, as the worker reads it from the database. */
export type PushTarget = { id: string; endpoint: string; p256dh: string; auth: string };

/** The push service says the subscription no longer exists (404 or 410): forget it, do not retry. */
export class PushSubscriptionGone extends Error {
  constructor(readonly status: number) {
    super(`the push service answered ${status}: the subscription is gone`);
    this.name = "PushSubscriptionGone";
  }
}

/** Sends one encrypted message to one subscription; throws PushSubscriptionGone, or any other error to retry. */
export type PushSender = { send: (target: PushTarget, message: PushMessage) => Promise<void> };

export const DEV_VAPID_SUBJECT = "mailto:no-reply@serums.invalid";

/**
 * Web Push with VAPID (RFC 8292) and aes128gcm encryption (RFC 8291), through the `web-push`
 * package, which signs the JWT and encrypts the payload. The request itself is sent here with
 * fetch, so it has a timeout of our choosing and follows no redirect. A message may wait at the push
 * service for an hour at most (TTL): an alert older than that is not worth showing.
 */
export function webPushSender(vapid: VapidKeys, timeoutMs = 10_000): PushSender {
  return {
    send: async (target, message) => {
      const request = webpush.generateRequestDetails(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        JSON.stringify(message),
        {
          vapidDetails: vapid,
          TTL: 3600,
          urgency: "high",
          contentEncoding: "aes128gcm",
        },
      );
      const response = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: request.body ? new Uint8Array(request.body) : undefined,
        redirect: "error",
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      if (response.status === 404 || response.status === 410) throw new PushSubscriptionGone(response.status);
      if (!response.ok) throw new Error(`the push service answered ${response.status}`);
    },
  };
}

/**
 * The VAPID keys: VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT (a mailto: or https: URL)
 * from the environment. Outside production with none set, a pair made once and kept next to the
 * embedded database (PGLITE_DIR's parent, by default .data/vapid-keys.json), so browsers subscribed
 * in development stay subscribed across restarts. In production without them: null, and push is off.
 */
export function vapidKeysFromEnvironment(): VapidKeys | null {
  const { VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT } = process.env;
  if (VAPID_PUBLIC_KEY && VAPID_PRIVATE_KEY) {
    return { publicKey: VAPID_PUBLIC_KEY, privateKey: VAPID_PRIVATE_KEY, subject: VAPID_SUBJECT ?? DEV_VAPID_SUBJECT };
  }
  if (process.env.NODE_ENV === "production" || process.env.NEXT_PHASE === "phase-production-build") return null;
  const file = devVapidFile();
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, JSON.stringify(webpush.generateVAPIDKeys()), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process (the app and `npm run worker`) made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const keys = JSON.parse(readFileSync(file, "utf8")) as { publicKey: string; privateKey: string };
  return { ...keys, subject: VAPID_SUBJECT ?? DEV_VAPID_SUBJECT };
}

/** Where development keeps its VAPID key pair: beside the embedded database. */
export function devVapidFile(): string {
  const pgliteDir = process.env.PGLITE_DIR ?? DEFAULT_PGLITE_DIR;
  return path.join(path.dirname(path.resolve(pgliteDir)), "vapid-keys.json");
}

/** The Web Push sender the environment allows, or null when there are no VAPID keys. */
export function pushSenderFromEnvironment(): PushSender | null {
  const vapid = vapidKeysFromEnvironment();
  return vapid ? webPushSender(vapid) : null;
}
