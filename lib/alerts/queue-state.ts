import { isUuid } from "../uuid";
/**
 * The triage queue's view lives in the URL (filters, sort, page, page size), so a view can be
 * shared and survives a reload. Parsing is lenient: anything unknown falls back to the default
 * rather than failing the page. Pure: the server page, the polling route and the browser share it.
 */
export const QUEUE_SORTS = ["severity", "patient", "raisedAt", "timeLeft", "status"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** `active` is open and acknowledged alerts; `resolved` shows those raised in the last week. */
export const QUEUE_STATUSES = ["active", "open", "acknowledged", "resolved"] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

export const QUEUE_PAGE_SIZES = [10, 25, 50] as const;
/** The resolved view looks back this far (by time raised), so it reads a bounded, indexed range. */
export const RESOLVED_LOOKBACK_DAYS = 7;

export type QueueState = {
  severity: "red" | "amber" | null;
  /** One of the user's care teams; null for all of them. */
  team: string | null;
  /** Only alerts assigned to the signed-in user. */
  mine: boolean;
  /** Only open alerts past their response target. */
  overdue: boolean;
  status: QueueStatus;
  sort: QueueSort;
  dir: "asc" | "desc";
  page: number;
  size: number;
};

export const DEFAULT_QUEUE_STATE: QueueState = {
  severity: null,
  team: null,
  mine: false,
  overdue: false,
  status: "active",
  sort: "severity",
  dir: "desc",
  page: 1,
  size: 25,
};

/** The direction a column sorts in when first chosen: most urgent, newest or alphabetical first. */
export const FIRST_DIRECTION: Readonly<Record<QueueSort, "asc" | "desc">> = {
  severity: "desc",
  patient: "asc",
  raisedAt: "desc",
  timeLeft: "asc",
  status: "asc",
};

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function reader(params: Params): (key: string) => string {
  if (params instanceof URLSearchParams) return (key) => params.get(key) ?? "";
  return (key) => {
    const value = params[key];
    return (Array.isArray(value) ? value[0] : value) ?? "";
  };
}

const flag = (value: string) => value === "1" || value === "true";

export function parseQueueState(params: Params): QueueState {
  const get = reader(params);
  const severity = get("severity");
  const team = get("team");
  const status = get("status");
  const sort = get("sort");
  const dir = get("dir");
  const page = Number.parseInt(get("page"), 10);
  const size = Number.parseInt(get("size"), 10);
  const parsedSort = QUEUE_SORTS.find((s) => s === sort);
  return {
    severity: severity === "red" || severity === "amber" ? severity : null,
    team: isUuid(team) ? team.toLowerCase() : null,
    mine: flag(get("mine")),
    overdue: flag(get("overdue")),
    status: QUEUE_STATUSES.find((s) => s === status) ?? DEFAULT_QUEUE_STATE.status,
    sort: parsedSort ?? DEFAULT_QUEUE_STATE.sort,
    dir: dir === "asc" || dir === "desc" ? dir : parsedSort ? FIRST_DIRECTION[parsedSort] : DEFAULT_QUEUE_STATE.dir,
    page: Number.isFinite(page) && page >= 1 && page <= 10_000 ? page : 1,
    size: (QUEUE_PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_QUEUE_STATE.size,
  };
}

/** Search parameters for a state; defaults are left out to keep links short. */
export function queueSearchParams(state: QueueState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.severity) params.set("severity", state.severity);
  if (state.team) params.set("team", state.team);
  if (state.mine) params.set("mine", "1");
  if (state.overdue) params.set("overdue", "1");
  if (state.status !== DEFAULT_QUEUE_STATE.status) params.set("status", state.status);
  if (state.sort !== DEFAULT_QUEUE_STATE.sort || state.dir !== DEFAULT_QUEUE_STATE.dir) {
    params.set("sort", state.sort);
    params.set("dir", state.dir);
  }
  if (state.size !== DEFAULT_QUEUE_STATE.size) params.set("size", String(state.size));
  if (state.page !== 1) params.set("page", String(state.page));
  return params;
}

/** The URL of the queue in `state` changed by `patch`. */
export function queueHref(state: QueueState, patch: Partial<QueueState> = {}, path = "/triage"): string {
  const query = queueSearchParams({ ...state, ...patch }).toString();
  return query ? `${path}?${query}` : path;
}

/** Sorting by `sort`: the other direction when it is already the sort, else its first direction. */
export function toggledSort(state: QueueState, sort: QueueSort): Pick<QueueState, "sort" | "dir" | "page"> {
  if (state.sort === sort) return { sort, dir: state.dir === "asc" ? "desc" : "asc", page: 1 };
  return { sort, dir: FIRST_DIRECTION[sort], page: 1 };
}

export const isFiltered = (s: QueueState) =>
  Boolean(s.severity || s.team || s.mine || s.overdue || s.status !== DEFAULT_QUEUE_STATE.status);
