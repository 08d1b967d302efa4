/**
 * The staff table's state lives in the URL (search, filters, sort, page, page size), so a view can
 * be shared and survives a reload. Parsing is lenient: anything unknown falls back to the default
 * rather than failing the page. Pure, for the server page and the client table alike.
 */
import type { StaffRoleName, StaffStatusName } from "@/components/admin/labels";
import { isUuid } from "@/lib/uuid";

export const STAFF_TABLE_SORTS = ["name", "email", "status", "lastActive", "created"] as const;
export type StaffTableSort = (typeof STAFF_TABLE_SORTS)[number];
export const PAGE_SIZES = [10, 25, 50, 100] as const;

export type StaffTableState = {
  q: string;
  role: StaffRoleName | "none" | null;
  team: string | null;
  status: StaffStatusName | null;
  sort: StaffTableSort;
  dir: "asc" | "desc";
  page: number;
  size: number;
};

export const DEFAULT_STAFF_TABLE: StaffTableState = {
  q: "",
  role: null,
  team: null,
  status: null,
  sort: "name",
  dir: "asc",
  page: 1,
  size: 25,
};

type Params = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

export function parseStaffTableState(params: Params): StaffTableState {
  const role = one(params.role);
  const team = one(params.team);
  const status = one(params.status);
  const sort = one(params.sort);
  const size = Number.parseInt(one(params.size), 10);
  const page = Number.parseInt(one(params.page), 10);
  return {
    q: one(params.q).trim().slice(0, 100),
    role: (["oncologist", "nurse", "admin", "none"] as const).find((r) => r === role) ?? null,
    team: team === "none" || isUuid(team) ? team.toLowerCase() : null,
    status: (["active", "invited", "locked", "deactivated"] as const).find((s) => s === status) ?? null,
    sort: STAFF_TABLE_SORTS.find((s) => s === sort) ?? DEFAULT_STAFF_TABLE.sort,
    dir: one(params.dir) === "desc" ? "desc" : "asc",
    page: Number.isFinite(page) && page >= 1 && page <= 100_000 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_STAFF_TABLE.size,
  };
}

/** The URL for a state, changed by `patch`; defaults are left out to keep links short. */
export function staffTableHref(state: StaffTableState, patch: Partial<StaffTableState> = {}, path = "/admin"): string {
  const next = { ...state, ...patch };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.role) params.set("role", next.role);
  if (next.team) params.set("team", next.team);
  if (next.status) params.set("status", next.status);
  if (next.sort !== DEFAULT_STAFF_TABLE.sort || next.dir !== DEFAULT_STAFF_TABLE.dir) {
    params.set("sort", next.sort);
    params.set("dir", next.dir);
  }
  if (next.size !== DEFAULT_STAFF_TABLE.size) params.set("size", String(next.size));
  if (next.page !== 1) params.set("page", String(next.page));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export const isFiltered = (s: StaffTableState) => Boolean(s.q || s.role || s.team || s.status);
