import "server-only";
/**
 * A person's own notification preferences and Web Push subscriptions. Row-level security keeps
 * both to their owner (db/sql/notification-preferences.sql); the worker reads them through its
 * claim (db/sql/notifications.sql).
 */
import { and, asc, eq } from "drizzle-orm";
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  NOTIFICATION_CHANNELS,
  type NotificationPreferences,
} from "@/lib/notifications/preferences";
import type { Tx } from "../client";
import { notificationPreferences, pushSubscriptions } from "../schema";

/** The caller's preferences, or the defaults (email and push, no quiet hours) when they chose none. */
export async function findNotificationPreferences(tx: Tx, p: { userId: string }): Promise<NotificationPreferences> {
  const [row] = await tx
    .select({
      channels: notificationPreferences.channels,
      start: notificationPreferences.quietStartMinute,
      end: notificationPreferences.quietEndMinute,
      smsNumber: notificationPreferences.smsNumber,
    })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, p.userId));
  if (!row) return { ...DEFAULT_NOTIFICATION_PREFERENCES, channels: [...DEFAULT_NOTIFICATION_PREFERENCES.channels] };
  return {
    channels: NOTIFICATION_CHANNELS.filter((c) => row.channels.includes(c)),
    quietHours: row.start === null || row.end === null ? null : { startMinute: row.start, endMinute: row.end },
    smsNumber: row.smsNumber,
  };
}

export type SaveNotificationPreferencesParams = { userId: string; preferences: NotificationPreferences; now: Date };

/** Saves the caller's preferences, replacing what they chose before. */
export async function saveNotificationPreferences(tx: Tx, p: SaveNotificationPreferencesParams): Promise<void> {
  const values = {
    channels: p.preferences.channels,
    quietStartMinute: p.preferences.quietHours?.startMinute ?? null,
    quietEndMinute: p.preferences.quietHours?.endMinute ?? null,
    smsNumber: p.preferences.smsNumber,
    updatedAt: p.now,
  };
  await tx
    .insert(notificationPreferences)
    .values({ userId: p.userId, ...values })
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: values });
}

export type PushSubscriptionView = { id: string; endpoint: string; label: string; createdAt: Date };

/** The caller's subscribed browsers, oldest first. */
export async function listPushSubscriptions(tx: Tx, p: { userId: string }): Promise<PushSubscriptionView[]> {
  return tx
    .select({
      id: pushSubscriptions.id,
      endpoint: pushSubscriptions.endpoint,
      label: pushSubscriptions.label,
      createdAt: pushSubscriptions.createdAt,
    })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, p.userId))
    .orderBy(asc(pushSubscriptions.createdAt), asc(pushSubscriptions.id));
}

export type AddPushSubscriptionParams = {
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  label: string;
  now: Date;
};

/**
 * Subscribes a browser of the caller's. A browser that subscribes again (same endpoint) replaces
 * its earlier subscription, whose keys may have changed. Returns the subscription's id.
 */
export async function addPushSubscription(tx: Tx, p: AddPushSubscriptionParams): Promise<{ id: string }> {
  await tx
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.userId, p.userId), eq(pushSubscriptions.endpoint, p.endpoint)));
  const [row] = await tx
    .insert(pushSubscriptions)
    .values({
      userId: p.userId,
      endpoint: p.endpoint,
      p256dh: p.p256dh,
      auth: p.auth,
      label: p.label,
      createdAt: p.now,
    })
    .returning({ id: pushSubscriptions.id });
  return row;
}

/** Removes one of the caller's subscriptions; false when there was none by that id. */
export async function removePushSubscription(tx: Tx, p: { userId: string; id: string }): Promise<boolean> {
  const removed = await tx
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.id, p.id), eq(pushSubscriptions.userId, p.userId)))
    .returning({ id: pushSubscriptions.id });
  return removed.length > 0;
}
