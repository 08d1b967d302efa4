"use client";

import { useTranslations } from "next-intl";
import type { FormEvent } from "react";
import { FILTER_CONTROL, FilterField, FilterInput, submitOnEnter } from "@/components/ui/filter-field";
import { Options } from "@/components/ui/options";
import { SubmitButton } from "@/components/ui/submit-button";
import { useStaffWords } from "./columns";
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
  const t = useTranslations("staffTable");
  const words = useStaffWords();
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
      aria-label={t("search")}
      action="/admin"
      method="get"
      onSubmit={onSubmit}
      onKeyDown={submitOnEnter}
      className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-3"
    >
      <FilterInput
        id="staff-q"
        label={t("nameOrEmail")}
        name="q"
        type="search"
        defaultValue={state.q}
        maxLength={100}
        className={`${FILTER_CONTROL} w-64`}
        autoComplete="off"
      />
      <FilterField id="staff-role" label={t("role")}>
        <select id="staff-role" name="role" defaultValue={state.role ?? ""} className={FILTER_CONTROL}>
          <option value="">{t("anyRole")}</option>
          <Options options={words.roleOptions} />
          <option value="none">{t("noRole")}</option>
        </select>
      </FilterField>
      <FilterField id="staff-team" label={t("careTeam")}>
        <select id="staff-team" name="team" defaultValue={state.team ?? ""} className={FILTER_CONTROL}>
          <option value="">{t("anyTeam")}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
              {team.archived ? ` ${t("archived")}` : ""}
            </option>
          ))}
          <option value="none">{t("noTeam")}</option>
        </select>
      </FilterField>
      <FilterField id="staff-status" label={t("status")}>
        <select id="staff-status" name="status" defaultValue={state.status ?? ""} className={FILTER_CONTROL}>
          <option value="">{t("anyStatus")}</option>
          <Options options={words.statusOptions} />
        </select>
      </FilterField>
      <FilterField id="staff-size" label={t("rowsPerPage")}>
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
        {t("apply")}
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
          {t("clearFilters")}
        </a>
      )}
    </form>
  );
}
