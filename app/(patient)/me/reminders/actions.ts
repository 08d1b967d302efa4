"use server";

import { revalidatePath } from "next/cache";
import { saveReminderPreferences } from "@/db/queries/reminders";
import { reminderPreferencesInput } from "@/lib/notifications/reminders";
import { now } from "@/server/clock";
import { formAction } from "@/server/http/action";

/** The patient chooses whether, when, and never in which hours they are reminded to report. */
export const saveReminders = formAction({
  name: "reminder_preferences_saved",
  roles: ["patient"],
  input: reminderPreferencesInput,
  consent: (_, user) => ({ patientId: user.patientId, categories: ["demographics"] }),
  run: async (preferences, { tx, user, annotate }) => {
    await saveReminderPreferences(tx, { patientId: user.patientId, preferences, by: user.userId, now: now() });
    annotate({ resourceType: "reminder_preferences", resourceId: user.patientId });
    revalidatePath("/me/reminders");
    return { enabled: preferences.enabled };
  },
});
