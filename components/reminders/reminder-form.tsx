"use client";

import { useId } from "react";
import { FieldMessage, formFields, InputField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { type FormActionFn, useActionForm } from "@/components/ui/use-action-form";

export type ReminderFormValues = {
  enabled: boolean;
  /** "HH:MM" */
  remindAt: string;
  quietHours: boolean;
  quietFrom: string;
  quietUntil: string;
};

const CONTROL = "mt-1 block rounded border border-slate-500 p-2";

/** On or off, the time of day, and the quiet hours, as radio buttons and time fields. */
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
        <legend className="font-medium">Email me a reminder to report</legend>
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
