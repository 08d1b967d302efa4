"use client";

import { useId } from "react";
import { FieldMessage, formFields, InputField, messageIdOf } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";
import type { ReminderChannel } from "@/lib/notifications/reminders";

export type ReminderFormValues = {
  enabled: boolean;
  channels: ReminderChannel[];
  /** "HH:MM" */
  remindAt: string;
  quietHours: boolean;
  quietFrom: string;
  quietUntil: string;
};

const CONTROL = "mt-1 block rounded border border-slate-500 p-2";

const CHANNELS: { value: ReminderChannel; label: string }[] = [
  { value: "email", label: "By email" },
  { value: "push", label: "On my phone or browser (subscribe it below)" },
];

/** On or off, by email or push, the time of day, and the quiet hours, as radio buttons, checkboxes and time fields. */
export function ReminderForm({
  initial,
  action,
}: {
  initial: ReminderFormValues;
  action: FormActionFn<{ enabled: boolean }>;
}) {
  const { state, formAction, pending, onSubmit, fieldError } = useActionForm(action);
  const fields = formFields(useId(), fieldError, { control: CONTROL });
  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-6 rounded-lg bg-white p-4" noValidate>
      <fieldset>
        <legend className="font-medium">Remind me to report</legend>
        <div className="mt-2 flex flex-wrap gap-6">
          <label className="flex items-center gap-2">
            <input type="radio" name="reminders" value="on" defaultChecked={initial.enabled} /> Yes, remind me
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="reminders" value="off" defaultChecked={!initial.enabled} /> No reminders
          </label>
        </div>
        <FieldMessage fields={fields} name="reminders" />
      </fieldset>
      <fieldset aria-describedby={fieldError("channels") ? messageIdOf(fields, "channels") : undefined}>
        <legend className="font-medium">How to remind me</legend>
        {CHANNELS.map((c) => (
          <label key={c.value} className="mt-2 flex min-h-11 items-center gap-2">
            <input
              type="checkbox"
              name="channels"
              value={c.value}
              defaultChecked={initial.channels.includes(c.value)}
              aria-invalid={Boolean(fieldError("channels"))}
              className="h-5 w-5"
            />
            {c.label}
          </label>
        ))}
        <FieldMessage fields={fields} name="channels" />
      </fieldset>
      <InputField
        fields={fields}
        name="remindAt"
        type="time"
        label="Remind me at"
        hint="A time of day, on the 24-hour clock."
        defaultValue={initial.remindAt}
        required
      />
      <fieldset>
        <legend className="font-medium">Quiet hours</legend>
        <p className="text-sm text-slate-700">
          No reminder is sent in your quiet hours; one that falls in them comes when they end.
        </p>
        <div className="mt-2 flex flex-wrap gap-6">
          <label className="flex items-center gap-2">
            <input type="radio" name="quietHours" value="on" defaultChecked={initial.quietHours} /> Keep quiet hours
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="quietHours" value="off" defaultChecked={!initial.quietHours} /> No quiet hours
          </label>
        </div>
        <FieldMessage fields={fields} name="quietHours" />
        <div className="mt-3 flex flex-wrap gap-6">
          <InputField
            fields={fields}
            name="quietFrom"
            type="time"
            label="Quiet from"
            defaultValue={initial.quietFrom}
            required
          />
          <InputField
            fields={fields}
            name="quietUntil"
            type="time"
            label="Quiet until"
            defaultValue={initial.quietUntil}
            required
          />
        </div>
      </fieldset>
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Save my reminders
      </SubmitButton>
      {state && !state.ok && (
        <p role="alert" className="text-red-800">
          {state.error}
        </p>
      )}
      {state?.ok && (
        <p role="status" className="text-green-800">
          {state.data.enabled ? "Saved. Your reminders are on." : "Saved. You will not get reminders."}
        </p>
      )}
    </form>
  );
}
