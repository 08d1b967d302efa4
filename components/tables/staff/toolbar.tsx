"use client";

import type { FormEvent } from "react";
import { ROLE_OPTIONS, STATUS_OPTIONS } from "@/components/admin/labels";
import { FILTER_CONTROL, FilterField, FilterInput, submitOnEnter } from "@/components/ui/filter-field";
import { Options } from "@/components/ui/options";
import { SubmitButton } from "@/components/ui/submit-button";
import {
  DEFAULT_STAFF_TABLE,
  isFiltered,
  PAGE_SIZES,
  parseStaffTableState,
  type StaffTableState,
  staffTableHref,
} from "./state";

export type TeamOption = { id: string; name: string; archived: boolean };

/**
 * Search and filters. A plain GET form (it works without JavaScript); with JavaScript the same
 * fields become a clean URL. Nothing applies until "Apply" is pressed, so moving through the
 * controls with a keyboard or screen reader never reloads the table under the user; Enter in any
 * field applies them too.
 */
export function StaffTableToolbar({
  state,
  teams,
  onApply,
  pending,
}: {
  state: StaffTableState;
  teams: TeamOption[];
  onApply: (href: string) => void;
  pending: boolean;
}) {
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next = parseStaffTableState(Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)])));
    onApply(staffTableHref(next, { page: 1 }));
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a GET form that is the search landmark, as on the patient list
    <form
      role="search"
      aria-label="Search and filter staff"
      action="/admin"
      method="get"
      onSubmit={onSubmit}
      onKeyDown={submitOnEnter}
      className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-3"
    >
      <FilterInput
        id="staff-q"
        label="Name or email"
        name="q"
        type="search"
        defaultValue={state.q}
        maxLength={100}
        className={`${FILTER_CONTROL} w-64`}
        autoComplete="off"
      />
      <FilterField id="staff-role" label="Role">
        <select id="staff-role" name="role" defaultValue={state.role ?? ""} className={FILTER_CONTROL}>
          <option value="">Any role</option>
          <Options options={ROLE_OPTIONS} />
          <option value="none">No role</option>
        </select>
      </FilterField>
      <FilterField id="staff-team" label="Care team">
        <select id="staff-team" name="team" defaultValue={state.team ?? ""} className={FILTER_CONTROL}>
          <option value="">Any care team</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
              {t.archived ? " (archived)" : ""}
            </option>
          ))}
          <option value="none">In no care team</option>
        </select>
      </FilterField>
      <FilterField id="staff-status" label="Status">
        <select id="staff-status" name="status" defaultValue={state.status ?? ""} className={FILTER_CONTROL}>
          <option value="">Any status</option>
          <Options options={STATUS_OPTIONS} />
        </select>
      </FilterField>
      <FilterField id="staff-size" label="Rows per page">
        <select id="staff-size" name="size" defaultValue={String(state.size)} className={FILTER_CONTROL}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </FilterField>
      <input type="hidden" name="sort" value={state.sort} />
      <input type="hidden" name="dir" value={state.dir} />
      <SubmitButton id="staff-apply" pending={pending}>
        Apply
      </SubmitButton>
      {isFiltered(state) && (
        <a
          id="staff-clear"
          href={staffTableHref({ ...DEFAULT_STAFF_TABLE, sort: state.sort, dir: state.dir, size: state.size })}
          onClick={(event) => {
            event.preventDefault();
            onApply(staffTableHref({ ...DEFAULT_STAFF_TABLE, sort: state.sort, dir: state.dir, size: state.size }));
          }}
          className="px-2 py-2 text-blue-800 underline"
        >
          Clear filters
        </a>
      )}
    </form>
  );
}
