"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { type FormFields, formFields, InputField, SelectField } from "@/components/ui/field";
import { Options } from "@/components/ui/options";
import { type FormActionFn, type FormState, useActionForm } from "@/components/ui/use-action-form";
import { FieldError, FormMessage, fieldError, inputClass, primaryButton, secondaryButton } from "./form-bits";
import type { StaffRoleName } from "./labels";

export type TeamChoice = { id: string; name: string };

type Created = { userId: string; name: string; email: string };

/** The roles an admin may give, in the admin's language. */
function useRoleOptions(): { value: StaffRoleName; label: string }[] {
  const t = useTranslations("staffAdmin");
  return [
    { value: "oncologist", label: t("roleOncologist") },
    { value: "nurse", label: t("roleNurse") },
    { value: "admin", label: t("roleAdmin") },
  ];
}

/**
 * A new staff account with its first role, which waits for a second admin; when it is approved, the
 * account's activation link goes to its email.
 */
export function CreateStaffForm({ action, teams }: { action: FormActionFn<Created>; teams: TeamChoice[] }) {
  const t = useTranslations("staffAdmin");
  const roleOptions = useRoleOptions();
  const { state, formAction, pending, onSubmit } = useActionForm(action);
  const [role, setRole] = useState("nurse");
  const fields = useStaffFields(state);
  if (state?.ok) {
    return (
      <div className="mt-4 space-y-4">
        <FormMessage
          state={state}
          success={(d) => (
            <div className="space-y-3">
              <p>{t("created", { name: d.name, email: d.email })}</p>
            </div>
          )}
        />
        <p className="flex flex-wrap gap-4">
          <Link href={`/admin/staff/${state.data.userId}`} className="text-blue-800 underline">
            {t("openAccount", { name: state.data.name })}
          </Link>
          {/* A full load, so the form starts empty again. */}
          <a href="/admin/staff/new" className="text-blue-800 underline">
            {t("addAnother")}
          </a>
        </p>
      </div>
    );
  }
  return (
    <form
      action={formAction}
      onSubmit={onSubmit}
      className="mt-4 max-w-xl space-y-4 rounded-lg bg-white p-4"
      noValidate
    >
      <FormMessage state={state} />
      <InputField fields={fields} name="name" label={t("fullName")} autoComplete="off" maxLength={100} required />
      <InputField
        fields={fields}
        name="email"
        label={t("workEmail")}
        type="email"
        autoComplete="off"
        maxLength={254}
        required
      />
      <SelectField fields={fields} name="role" label={t("role")} value={role} onChange={(e) => setRole(e.target.value)}>
        <Options options={roleOptions} />
      </SelectField>
      <TeamSelect teams={teams} role={role} fields={fields} />
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? t("creating") : t("create")}
      </button>
    </form>
  );
}

/** The fields of a staff form, their messages from the form's last answer. */
function useStaffFields<T>(state: FormState<T>): FormFields {
  return formFields(useId(), (name) => fieldError(state, name), { control: inputClass, label: "block font-medium" });
}

/** The care team for a clinical role; the admin role has none. */
function TeamSelect({ teams, role, fields }: { teams: TeamChoice[]; role: string; fields: FormFields }) {
  const t = useTranslations("staffAdmin");
  if (role === "admin") {
    return (
      <div>
        <input type="hidden" name="careTeamId" value="" />
        <p className="text-slate-700">{t("adminNoTeam")}</p>
      </div>
    );
  }
  return (
    <SelectField fields={fields} name="careTeamId" label={t("careTeam")} defaultValue="">
      <option value="">{t("chooseTeam")}</option>
      <Options options={teams.map((team) => ({ value: team.id, label: team.name }))} />
    </SelectField>
  );
}

/** Gives the person another role. */
export function GrantRoleForm({
  action,
  userId,
  name,
  teams,
}: {
  action: FormActionFn<{ message: string }>;
  userId: string;
  name: string;
  teams: TeamChoice[];
}) {
  const t = useTranslations("staffAdmin");
  const roleOptions = useRoleOptions();
  const { state, formAction, pending, onSubmit } = useActionForm(action);
  const [role, setRole] = useState("nurse");
  const fields = useStaffFields(state);
  return (
    <form
      action={formAction}
      onSubmit={onSubmit}
      className="space-y-3 rounded-lg border border-slate-300 bg-white p-4"
      noValidate
      aria-labelledby="grant-heading"
    >
      <h3 id="grant-heading" className="font-semibold">
        {t("giveRole", { name })}
      </h3>
      <input type="hidden" name="userId" value={userId} />
      <div>
        <label htmlFor="grant-role" className="block font-medium">
          {t("role")}
        </label>
        <select
          id="grant-role"
          name="role"
          value={role}
          onChange={(e) => setRole(e.target.value)}
          className={inputClass}
        >
          <Options options={roleOptions} />
        </select>
      </div>
      <TeamSelect teams={teams} role={role} fields={fields} />
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? t("asking") : t("askRole")}
      </button>
      <FormMessage state={state} success={(d) => <p>{d.message}</p>} />
    </form>
  );
}

/** Asks to move one clinical role to another care team; a second admin approves the move. */
export function MoveCareTeamForm({
  action,
  membershipId,
  roleName,
  currentTeamId,
  teams,
}: {
  action: FormActionFn<{ message: string }>;
  membershipId: string;
  roleName: string;
  currentTeamId: string | null;
  teams: TeamChoice[];
}) {
  const t = useTranslations("staffAdmin");
  const { state, formAction, pending, onSubmit } = useActionForm(action);
  const id = `move-${membershipId}`;
  const choices = teams.filter((team) => team.id !== currentTeamId);
  if (choices.length === 0) return null;
  return (
    <form action={formAction} onSubmit={onSubmit} className="flex flex-wrap items-end gap-2" noValidate>
      <input type="hidden" name="membershipId" value={membershipId} />
      <div>
        <label htmlFor={id} className="block text-sm font-medium">
          {t("moveRole", { role: roleName })}
        </label>
        <select id={id} name="careTeamId" defaultValue="" className="mt-1 rounded border border-slate-500 bg-white p-2">
          <option value="">{t("chooseTeam")}</option>
          <Options options={choices.map((team) => ({ value: team.id, label: team.name }))} />
        </select>
      </div>
      <button type="submit" disabled={pending} className={secondaryButton}>
        {pending ? t("asking") : t("askMove")}
      </button>
      <div className="basis-full">
        <FormMessage state={state} success={(d) => <p>{d.message}</p>} />
      </div>
    </form>
  );
}

/** Changes a name (a person's or a care team's). */
export function RenameForm<T>({
  action,
  fields,
  label,
  current,
  maxLength,
  success,
}: {
  action: FormActionFn<T>;
  fields: Record<string, string>;
  label: string;
  current: string;
  maxLength: number;
  success: string;
}) {
  const t = useTranslations("staffAdmin");
  const { state, formAction, pending, onSubmit } = useActionForm(action);
  const id = `rename-${Object.values(fields).join("-")}`;
  const err = fieldError(state, "name");
  return (
    <form action={formAction} onSubmit={onSubmit} className="flex flex-wrap items-end gap-2" noValidate>
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <div>
        <label htmlFor={id} className="block text-sm font-medium">
          {label}
        </label>
        <input
          id={id}
          name="name"
          defaultValue={current}
          maxLength={maxLength}
          required
          className="mt-1 w-72 rounded border border-slate-500 bg-white p-2"
          aria-invalid={!!err}
          aria-describedby={err ? `${id}-error` : undefined}
        />
      </div>
      <button type="submit" disabled={pending} className={secondaryButton}>
        {pending ? t("saving") : t("saveName")}
      </button>
      <div className="basis-full">
        <FieldError id={`${id}-error`} message={err} />
        <FormMessage state={state} success={() => <p>{success}</p>} />
      </div>
    </form>
  );
}
