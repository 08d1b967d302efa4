"use client";

import { useId } from "react";
import { FieldMessage, formFields, InputField, messageIdOf } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import {
  formatClockTime,
  type NotificationChannel,
  type NotificationPreferences,
} from "@/lib/notifications/preferences";

const CHANNELS: { value: NotificationChannel; label: string; hint: string }[] = [
  { value: "email", label: "Email", hint: "to the address you sign in with" },
  { value: "push", label: "Push", hint: "to each browser or phone subscribed below" },
  { value: "sms", label: "Text message", hint: "to the mobile number below" },
];

const CHANNEL_WORDS: Record<NotificationChannel, string> = { email: "email", push: "push", sms: "text message" };

/** What the saved preferences say, in a sentence. */
function summary(p: NotificationPreferences) {
  const words = p.channels.map((c) => CHANNEL_WORDS[c]);
  const channels = words.length > 1 ? `${words.slice(0, -1).join(", ")} and ${words.at(-1)}` : words[0];
  const quiet = p.quietHours
    ? `, except from ${formatClockTime(p.quietHours.startMinute)} to ${formatClockTime(p.quietHours.endMinute)}, when they wait unless you are on call for a red alert`
    : ", at any hour";
  return `Saved. You will be told about alerts by ${channels}${quiet}.`;
}

/**
 * How the clinician is told about alerts: channels, the mobile number for text messages, and quiet
 * hours (clinic time). `smsConfigured`: whether this server has an SMS provider.
 */
export function NotificationPreferencesForm({
  preferences,
  action,
  smsConfigured,
}: {
  preferences: NotificationPreferences;
  action: FormActionFn<NotificationPreferences>;
  smsConfigured: boolean;
}) {
  const { state, formAction, pending, onSubmit, fieldError } = useActionForm(action);
  const fields = formFields(useId(), fieldError, { control: "mt-1 block rounded border border-slate-500 p-2" });
  const channelsInvalid = Boolean(fieldError("channels"));
  return (
    <form action={formAction} onSubmit={onSubmit} className="mt-3 space-y-4" noValidate>
      <fieldset aria-describedby={channelsInvalid ? messageIdOf(fields, "channels") : undefined}>
        <legend className="font-medium">Tell me about alerts by</legend>
        {CHANNELS.map((c) => (
          <label key={c.value} className="flex min-h-11 items-center gap-2">
            <input
              type="checkbox"
              name="channels"
              value={c.value}
              defaultChecked={preferences.channels.includes(c.value)}
              aria-invalid={channelsInvalid}
              className="h-5 w-5"
            />
            {c.label} <span className="text-sm text-slate-700">({c.hint})</span>
          </label>
        ))}
        <FieldMessage fields={fields} name="channels" />
        {!smsConfigured && (
          <p className="text-sm text-slate-700">
            This server sends no text messages yet: ask an administrator to set up the SMS provider before you rely on
            them.
          </p>
        )}
      </fieldset>
      <InputField
        fields={fields}
        name="smsNumber"
        label="Mobile number for text messages"
        hint="In international form, such as +44 7700 900123. Only you and the notification service read it."
        type="tel"
        autoComplete="tel"
        defaultValue={preferences.smsNumber ?? ""}
      />
      <fieldset>
        <legend className="font-medium">Quiet hours (UK time)</legend>
        <p className="text-sm text-slate-700">
          Alerts wait until your quiet hours end, except a red alert while you are on call, which is never held. Leave
          both empty for none.
        </p>
        <div className="mt-2 flex flex-wrap gap-4">
          <InputField
            fields={fields}
            name="quietStart"
            label="From"
            type="time"
            defaultValue={preferences.quietHours ? formatClockTime(preferences.quietHours.startMinute) : ""}
          />
          <InputField
            fields={fields}
            name="quietEnd"
            label="Until"
            type="time"
            defaultValue={preferences.quietHours ? formatClockTime(preferences.quietHours.endMinute) : ""}
          />
        </div>
      </fieldset>
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Save notification preferences
      </SubmitButton>
      {state && !state.ok && (
        <p role="alert" className="text-red-800">
          {state.fields?.length ? "Please correct the highlighted fields." : state.error}
        </p>
      )}
      {state?.ok && (
        <p role="status" className="rounded border border-green-600 bg-green-50 p-3">
          {summary(state.data)}
        </p>
      )}
    </form>
  );
}
