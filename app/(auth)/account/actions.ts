"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { z } from "zod";
import { saveOwnLanguage } from "@/db/queries/account-language";
import {
  addPushSubscription,
  removePushSubscription,
  saveNotificationPreferences,
} from "@/db/queries/notification-preferences";
import { AppError } from "@/lib/errors";
import { LOCALE_COOKIE, LOCALE_COOKIE_OPTIONS, LOCALES } from "@/lib/i18n/locales";
import { notificationPreferencesInput } from "@/lib/notifications/preferences";
import { pushSubscriptionInput } from "@/lib/notifications/push-subscription";
import { now } from "@/server/clock";
import { action, formAction } from "@/server/http/action";

/** Clinicians are told about alerts; these are their own choices of how. */
const CLINICIANS = ["oncologist", "nurse"] as const;
/** A browser shows a clinician's alerts, or a patient's reminders to report (/me/reminders). */
const SUBSCRIBERS = [...CLINICIANS, "patient"] as const;

/** The pages that list the person's subscribed browsers. */
function revalidateBrowserLists() {
  revalidatePath("/account");
  revalidatePath("/me/reminders");
}

/** Saves how the signed-in clinician is told about alerts: channels and quiet hours. */
export const saveNotificationPreferencesAction = formAction({
  name: "notification_preferences_changed",
  roles: CLINICIANS,
  input: notificationPreferencesInput,
  run: async (preferences, { tx, user, annotate }) => {
    annotate({ resourceType: "user", resourceId: user.userId });
    await saveNotificationPreferences(tx, { userId: user.userId, preferences, now: now() });
    revalidatePath("/account");
    return preferences;
  },
});

/**
 * Saves the language the signed-in person reads the app in, on their account (so it follows them
 * to every browser) and in this browser's cookie (so the sign-in page speaks it after signing out).
 */
export const saveLanguageAction = formAction({
  name: "account_language_changed",
  roles: [...CLINICIANS, "admin", "patient"],
  input: z.strictObject({ locale: z.enum(LOCALES, "Choose one of the languages offered.") }),
  run: async ({ locale }, { tx, user, annotate }) => {
    annotate({ resourceType: "user", resourceId: user.userId, details: { locale } });
    await saveOwnLanguage(tx, { userId: user.userId, locale });
    (await cookies()).set(LOCALE_COOKIE, locale, LOCALE_COOKIE_OPTIONS);
    revalidatePath("/", "layout");
    return { locale };
  },
});

/** Subscribes the browser the person is using to Web Push (PushSubscription.toJSON() and a name). */
export const addPushSubscriptionAction = action({
  name: "push_subscription_added",
  roles: SUBSCRIBERS,
  input: pushSubscriptionInput,
  run: async (input, { tx, user, annotate }) => {
    const { id } = await addPushSubscription(tx, { ...input, userId: user.userId, now: now() });
    annotate({ resourceType: "push_subscription", resourceId: id });
    revalidateBrowserLists();
    return { id };
  },
});

/** Removes one of the person's subscribed browsers: it is no longer pushed to. */
export const removePushSubscriptionAction = formAction({
  name: "push_subscription_removed",
  roles: SUBSCRIBERS,
  input: z.strictObject({ subscriptionId: z.uuid("Unknown browser.") }),
  run: async ({ subscriptionId }, { tx, user, annotate }) => {
    annotate({ resourceType: "push_subscription", resourceId: subscriptionId });
    const removed = await removePushSubscription(tx, { userId: user.userId, id: subscriptionId });
    if (!removed) throw new AppError("not_found", "That browser was already removed.");
    revalidateBrowserLists();
    return { id: subscriptionId };
  },
});
