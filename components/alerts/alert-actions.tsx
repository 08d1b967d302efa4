"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, useEffect, useRef, useState, useTransition } from "react";
import { MenuButton } from "@/components/ui/menu-button";
import type {
  AcknowledgeAlertInput,
  AddAlertNoteInput,
  AssignAlertInput,
  ReopenAlertInput,
  ResolveAlertInput,
} from "@/lib/alerts/inputs";
import { MAX_NOTE_LENGTH } from "@/lib/alerts/inputs";
import { OUTCOME_CODES } from "@/lib/alerts/outcomes";
import { type AlertAction, availableActions } from "@/lib/alerts/transitions";
import type { AlertView, Colleague } from "@/lib/alerts/view";
import type { ActionResult } from "@/server/http/action";
import { ActionDialog } from "./action-dialog";
import { useAlertWords } from "./use-alert-words";

type Changed = ActionResult<{ alert: AlertView }>;

/**
 * The server actions behind the buttons (app/(clinic)/triage/actions.ts), passed in so the triage
 * queue and the patient record share these buttons.
 */
export type AlertActionHandlers = {
  acknowledge: (input: AcknowledgeAlertInput) => Promise<Changed>;
  assign: (input: AssignAlertInput) => Promise<Changed>;
  note: (input: AddAlertNoteInput) => Promise<Changed>;
  resolve: (input: ResolveAlertInput) => Promise<Changed>;
  reopen: (input: ReopenAlertInput) => Promise<Changed>;
};

export type AlertActionOutcome =
  | { kind: "changed"; action: AlertAction; alert: AlertView; message: string }
  /** Refused: `conflict` when someone else changed the alert first (the message says who and what). */
  | { kind: "failed"; action: AlertAction; alertId: string; code: string; message: string };

const BUTTON = "min-h-9 rounded border px-2.5 py-1.5 text-sm font-medium disabled:opacity-60";
const PRIMARY = `${BUTTON} border-blue-800 bg-blue-700 text-white hover:bg-blue-800`;
const SECONDARY = `${BUTTON} border-slate-400 bg-white text-slate-900 hover:bg-slate-50`;

type DialogKind = Exclude<AlertAction, "acknowledge">;

/**
 * The one action a row offers as a button: what the alert waits for in its state. Acknowledge an
 * open alert, resolve an acknowledged one, reopen a resolved one; the rest are in the "More" menu.
 */
export function primaryAction(status: AlertView["status"]): "acknowledge" | "resolve" | "reopen" {
  return status === "open" ? "acknowledge" : status === "acknowledged" ? "resolve" : "reopen";
}

/**
 * What a clinician can do to one alert now: one button for what the alert waits for (acknowledge in
 * one click, or resolve or reopen in a dialog) and a "More" menu for the rest (resolve, assign, add
 * a note), each in a dialog. A dialog gives the focus back to the control that opened it: its
 * button, or the menu's button. The outcome (changed, or refused with a plain sentence) goes to
 * `onOutcome`.
 */
export function AlertActions({
  alert,
  handlers,
  colleagues,
  viewerId,
  patientLabel,
  onOutcome,
  onDialogChange,
}: {
  alert: AlertView;
  handlers: AlertActionHandlers;
  /** Clinicians the alert may be assigned to; only those of the alert's care team are offered. */
  colleagues: readonly Colleague[];
  viewerId: string;
  /** Who the alert is about, for the buttons' accessible names. */
  patientLabel: string;
  onOutcome: (outcome: AlertActionOutcome) => void;
  onDialogChange?: (open: boolean) => void;
}) {
  const d = useTranslations("alertDialogs");
  const words = useAlertWords();
  const done: Record<AlertAction, string> = {
    acknowledge: d("doneAcknowledge"),
    assign: d("doneAssign"),
    note: d("doneNote"),
    resolve: d("doneResolve"),
    reopen: d("doneReopen"),
  };
  const roleWord = (role: string) =>
    role === "nurse" ? d("roleNurse") : role === "oncologist" ? d("roleOncologist") : role;
  const [dialog, setDialogState] = useState<DialogKind | null>(null);
  const [error, setError] = useState<{ message: string; fields: { field: string; message: string }[] } | null>(null);
  const [, startTransition] = useTransition();
  const [running, setRunning] = useState<AlertAction | null>(null);
  // After an outcome the button pressed may be gone (Acknowledge once acknowledged, Resolve once
  // resolved) and the browser leaves the focus on <body>: it goes to this alert's first action now.
  // A parent that shows the outcome's message may take it there instead, in its own effect.
  const buttons = useRef<HTMLDivElement>(null);
  const [outcomes, setOutcomes] = useState(0);
  useEffect(() => {
    if (outcomes === 0) return;
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    buttons.current?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
  }, [outcomes]);
  const actions = availableActions(alert.status);
  const target = { alertId: alert.id, patientId: alert.patientId, expectedVersion: alert.version };

  const setDialog = (next: DialogKind | null) => {
    setError(null);
    setDialogState(next);
    onDialogChange?.(next !== null);
  };

  function run(action: AlertAction, call: () => Promise<Changed>) {
    setRunning(action);
    startTransition(async () => {
      let result: Changed;
      try {
        result = await call();
      } catch {
        result = {
          ok: false,
          code: "unavailable",
          error: d("unreachable"),
        };
      }
      setRunning(null);
      if (result.ok || result.code !== "invalid_input") setOutcomes((n) => n + 1);
      if (result.ok) {
        setDialog(null);
        onOutcome({ kind: "changed", action, alert: result.data.alert, message: done[action] });
      } else if (result.code === "invalid_input") {
        setError({ message: result.error, fields: result.fields ?? [] });
      } else {
        setDialog(null);
        onOutcome({ kind: "failed", action, alertId: alert.id, code: result.code, message: result.error });
      }
    });
  }

  const submit = (action: DialogKind) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const note = String(form.get("note") ?? "");
    switch (action) {
      case "assign":
        return run(action, () =>
          handlers.assign({ ...target, assigneeId: String(form.get("assigneeId") ?? ""), note }),
        );
      case "note":
        return run(action, () => handlers.note({ alertId: alert.id, patientId: alert.patientId, note }));
      case "resolve":
        return run(action, () =>
          handlers.resolve({
            ...target,
            outcomeCodes: form.getAll("outcomeCodes").map(String) as ResolveAlertInput["outcomeCodes"],
            note,
          }),
        );
      case "reopen":
        return run(action, () => handlers.reopen({ ...target, note }));
    }
  };

  const t = useTranslations("alertActions");
  const menuLabel: Record<DialogKind, string> = {
    resolve: t("resolveMenu"),
    assign: t("assignMenu"),
    note: t("noteMenu"),
    reopen: t("reopenMenu"),
  };
  const forThis = <span className="sr-only"> {t("forAlert", { patient: patientLabel })}</span>;
  const team = colleagues.filter((c) => c.teamIds.includes(alert.careTeamId));
  // Only while an action runs: the transition stays pending a moment longer, and a button still
  // disabled when its dialog closes cannot take the focus back.
  const busy = running !== null;
  const primary = primaryAction(alert.status);
  const more = actions.filter((a): a is DialogKind => a !== primary && a !== "acknowledge");

  return (
    <div ref={buttons} className="flex flex-wrap items-center gap-1.5 2xl:flex-nowrap">
      {primary === "acknowledge" && (
        <button
          type="button"
          className={PRIMARY}
          disabled={busy}
          onClick={() => run("acknowledge", () => handlers.acknowledge(target))}
        >
          {running === "acknowledge" ? t("acknowledging") : t("acknowledge")}
          {forThis}
        </button>
      )}
      {primary === "resolve" && (
        <button type="button" className={PRIMARY} disabled={busy} onClick={() => setDialog("resolve")}>
          {t("resolveMenu")}
          {forThis}
        </button>
      )}
      {primary === "reopen" && (
        <button type="button" className={SECONDARY} disabled={busy} onClick={() => setDialog("reopen")}>
          {t("reopenMenu")}
          {forThis}
        </button>
      )}
      {more.length > 0 && (
        <MenuButton
          label={t("more")}
          srLabel={<> {t("moreFor", { patient: patientLabel })}</>}
          className={SECONDARY}
          disabled={busy}
          items={more.map((kind) => ({
            key: kind,
            label: menuLabel[kind],
            hint: <> {t("theAlertFor", { patient: patientLabel })}</>,
            onSelect: () => setDialog(kind),
          }))}
        />
      )}

      {dialog === "resolve" && (
        <ActionDialog
          title={d("resolveTitle", { patient: patientLabel })}
          description={d("resolveDescription")}
          onClose={() => setDialog(null)}
        >
          {() => (
            <form onSubmit={submit("resolve")} noValidate>
              <fieldset aria-describedby={error ? "resolve-error" : undefined}>
                <legend className="font-semibold">{d("outcomeLegend")}</legend>
                <div className="mt-2 grid gap-1 sm:grid-cols-2">
                  {OUTCOME_CODES.map((code) => (
                    <label key={code} className="flex min-h-9 items-center gap-2">
                      <input type="checkbox" name="outcomeCodes" value={code} className="h-4 w-4" />
                      {words.outcome(code)}
                    </label>
                  ))}
                </div>
              </fieldset>
              <NoteField label={d("noteOptional")} />
              <DialogError error={error} id="resolve-error" />
              <DialogButtons
                pending={running === "resolve"}
                submitLabel={d("resolveSubmit")}
                pendingLabel={d("resolving")}
                onCancel={() => setDialog(null)}
              />
            </form>
          )}
        </ActionDialog>
      )}
      {dialog === "assign" && (
        <ActionDialog
          title={d("assignTitle", { patient: patientLabel })}
          description={d("assignDescription")}
          onClose={() => setDialog(null)}
        >
          {() => (
            <form onSubmit={submit("assign")} noValidate>
              <label htmlFor={`assignee-${alert.id}`} className="block font-semibold">
                {d("assignTo")}
              </label>
              <select
                id={`assignee-${alert.id}`}
                name="assigneeId"
                defaultValue={team.find((c) => c.id !== alert.assignee?.id)?.id ?? ""}
                className="mt-1 w-full rounded border border-slate-500 bg-white px-3 py-2"
              >
                {team.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                    {c.id === viewerId ? ` ${d("you")}` : ""} — {c.roles.map(roleWord).join(", ")}
                    {c.id === alert.assignee?.id ? ` ${d("assignedNow")}` : ""}
                  </option>
                ))}
              </select>
              <NoteField label={d("noteForThem")} />
              <DialogError error={error} id="assign-error" />
              <DialogButtons
                pending={running === "assign"}
                submitLabel={d("assignSubmit")}
                pendingLabel={d("assigning")}
                onCancel={() => setDialog(null)}
              />
            </form>
          )}
        </ActionDialog>
      )}
      {dialog === "note" && (
        <ActionDialog
          title={t("noteTitle", { patient: patientLabel })}
          description={t("noteDescription")}
          onClose={() => setDialog(null)}
        >
          {() => (
            <form onSubmit={submit("note")} noValidate>
              <NoteField label={t("noteLabel")} required />
              <DialogError error={error} id="note-error" />
              <DialogButtons
                pending={running === "note"}
                submitLabel={t("noteSubmit")}
                pendingLabel={t("saving")}
                onCancel={() => setDialog(null)}
              />
            </form>
          )}
        </ActionDialog>
      )}
      {dialog === "reopen" && (
        <ActionDialog
          title={d("reopenTitle", { patient: patientLabel })}
          description={d("reopenDescription")}
          onClose={() => setDialog(null)}
        >
          {() => (
            <form onSubmit={submit("reopen")} noValidate>
              <NoteField label={d("reopenWhy")} />
              <DialogError error={error} id="reopen-error" />
              <DialogButtons
                pending={running === "reopen"}
                submitLabel={d("reopenSubmit")}
                pendingLabel={d("reopening")}
                onCancel={() => setDialog(null)}
              />
            </form>
          )}
        </ActionDialog>
      )}
    </div>
  );
}

function NoteField({ label, required = false }: { label: string; required?: boolean }) {
  return (
    <label className="mt-4 block">
      <span className="font-semibold">{label}</span>
      <textarea
        name="note"
        rows={3}
        maxLength={MAX_NOTE_LENGTH}
        required={required}
        aria-required={required || undefined}
        className="mt-1 block w-full rounded border border-slate-500 px-3 py-2"
      />
    </label>
  );
}

function DialogError({
  error,
  id,
}: {
  error: { message: string; fields: { field: string; message: string }[] } | null;
  id: string;
}) {
  if (!error) return null;
  const details = error.fields.map((f) => f.message).filter((m) => m !== error.message);
  return (
    <div id={id} role="alert" className="mt-4 rounded border border-red-700 bg-red-50 p-3 text-red-900">
      <p>{error.message}</p>
      {details.length > 0 && (
        <ul className="mt-1 list-inside list-disc">
          {[...new Set(details)].map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function DialogButtons({
  pending,
  submitLabel,
  pendingLabel,
  onCancel,
}: {
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
  onCancel: () => void;
}) {
  const t = useTranslations("alertActions");
  return (
    <div className="mt-5 flex justify-end gap-2">
      <button type="button" className={SECONDARY} onClick={onCancel} disabled={pending}>
        {t("cancel")}
      </button>
      <button type="submit" className={PRIMARY} disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </button>
    </div>
  );
}
