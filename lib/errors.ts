/** What went wrong, in a form that decides both the HTTP status and the sentence a user may see. */
export type AppErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "invalid_input"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable"
  | "internal";

const STATUS: Record<AppErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_input: 400,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const DEFAULT_MESSAGE: Record<AppErrorCode, string> = {
  unauthenticated: "Please sign in to continue.",
  forbidden: "You do not have access to this.",
  not_found: "We could not find that record.",
  invalid_input: "Some of the information entered is not valid.",
  conflict: "Someone else changed this at the same time. The page now shows the current state.",
  payload_too_large: "The request body is too large.",
  unsupported_media_type: "Send the body as JSON (Content-Type: application/json).",
  rate_limited: "Too many attempts. Please wait a moment and try again.",
  unavailable: "The service is temporarily unavailable. Nothing was saved; please try again shortly.",
  internal: "Something went wrong on our side. Nothing was saved; please try again.",
};

/** An error whose message is safe to show to the user. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fields?: { field: string; message: string }[];

  constructor(code: AppErrorCode, message?: string, fields?: { field: string; message: string }[]) {
    super(message ?? DEFAULT_MESSAGE[code]);
    this.code = code;
    this.fields = fields;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "57P01",
  "57P03",
  "53300",
]);

/** True when the database could not be reached, as opposed to refusing a query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: string }).code;
    if (code && CONNECTION_ERROR_CODES.has(code)) return true;
  }
  return false;
}

/** Turns any thrown value into an AppError, keeping unexpected details out of the message. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new AppError("unavailable");
  return new AppError("internal");
}

/**
 * What the data layer refuses, with the facts a sentence needs. The data layer never words a
 * refusal: server/http/messages.ts turns each problem into the sentence a user reads.
 */
export type DomainProblem =
  // Staff, roles and care teams (the admin pages)
  | { kind: "organisation_keeps_an_admin" }
  | { kind: "care_team_archived_by_database" }
  | { kind: "already_exists"; subject: DuplicateSubject }
  | { kind: "change_not_permitted" }
  | { kind: "staff_not_found" }
  | { kind: "care_team_not_listed" }
  | { kind: "care_team_archived"; teamName: string }
  | { kind: "last_active_admin"; name: string }
  | { kind: "own_clinical_role" }
  | { kind: "admin_role_has_no_team"; onField: boolean }
  | { kind: "care_team_required" }
  | { kind: "role_not_found" }
  | { kind: "own_role_move" }
  | { kind: "already_in_care_team"; name: string }
  | { kind: "own_deactivation" }
  | { kind: "already_deactivated"; name: string }
  | { kind: "already_active"; name: string }
  | { kind: "own_mfa_reset" }
  | { kind: "own_staff_change" }
  | { kind: "staff_change_decided" }
  | { kind: "staff_change_not_found" }
  /** The account's roles changed after the request was made, so it can no longer be carried out. */
  | { kind: "staff_change_stale" }
  | { kind: "invite_deactivated"; name: string }
  | { kind: "care_team_not_found" }
  | { kind: "same_care_team_name" }
  | { kind: "care_team_already_archived"; name: string }
  | { kind: "care_team_has_members"; name: string; roles: number }
  | { kind: "care_team_not_archived"; name: string }
  | { kind: "organisation_not_found" }
  // The on-call rota
  /** The caller is neither a lead of the team nor an admin of its organisation. */
  | { kind: "rota_not_kept" }
  | { kind: "on_call_not_team_clinician" }
  | { kind: "on_call_shift_overlaps"; name: string; position: 1 | 2; from: Date; to: Date }
  | { kind: "on_call_shift_not_found" }
  | { kind: "on_call_shift_invalid"; problems: { field: string; message: string }[] }
  | { kind: "escalation_contact_not_clinician" }
  // Records, alerts and reports
  | { kind: "record_not_found" }
  | { kind: "note_too_long"; max: number }
  | { kind: "assignee_not_in_care_team" }
  | { kind: "outcome_required" }
  | { kind: "note_required" }
  /** A resolved alert cannot be reopened while the patient has a newer active alert (one episode at a time). */
  | { kind: "newer_alert_active" }
  | { kind: "device_name_invalid"; maxCharacters: number }
  | { kind: "hospital_number_enrolled" }
  | { kind: "enrolment_already_saved" }
  | { kind: "email_unusable" }
  | { kind: "report_not_stored" }
  | { kind: "idempotency_key_reused" }
  | { kind: "emergency_access_too_long"; maxHours: number }
  | { kind: "emergency_reason_repeated" }
  // Treatment plans
  | { kind: "plan_not_found" }
  | { kind: "plan_version_conflict"; version: number; by: string | null; at: Date | null }
  | { kind: "plan_changed" }
  | { kind: "plan_invalid"; problems: { field: string; message: string }[] };

/** What an "already exists" refusal was about. */
export type DuplicateSubject =
  | { of: "anything" }
  | { of: "staff_email" }
  | { of: "care_team_name" }
  | { of: "admin_role"; name: string }
  | { of: "clinical_role"; name: string; role: string; teamName: string };

export type DomainProblemKind = DomainProblem["kind"];

const DOMAIN_CODE: Record<DomainProblemKind, AppErrorCode> = {
  organisation_keeps_an_admin: "conflict",
  care_team_archived_by_database: "invalid_input",
  already_exists: "conflict",
  change_not_permitted: "forbidden",
  own_staff_change: "forbidden",
  staff_change_decided: "conflict",
  staff_change_not_found: "not_found",
  staff_change_stale: "conflict",
  staff_not_found: "not_found",
  care_team_not_listed: "invalid_input",
  care_team_archived: "invalid_input",
  last_active_admin: "conflict",
  own_clinical_role: "forbidden",
  admin_role_has_no_team: "invalid_input",
  care_team_required: "invalid_input",
  role_not_found: "not_found",
  own_role_move: "forbidden",
  already_in_care_team: "invalid_input",
  own_deactivation: "forbidden",
  already_deactivated: "conflict",
  already_active: "conflict",
  own_mfa_reset: "forbidden",
  invite_deactivated: "conflict",
  care_team_not_found: "not_found",
  same_care_team_name: "invalid_input",
  care_team_already_archived: "conflict",
  care_team_has_members: "conflict",
  care_team_not_archived: "conflict",
  organisation_not_found: "not_found",
  rota_not_kept: "forbidden",
  on_call_not_team_clinician: "invalid_input",
  on_call_shift_overlaps: "conflict",
  on_call_shift_not_found: "not_found",
  on_call_shift_invalid: "invalid_input",
  escalation_contact_not_clinician: "invalid_input",
  record_not_found: "not_found",
  note_too_long: "invalid_input",
  assignee_not_in_care_team: "invalid_input",
  outcome_required: "invalid_input",
  note_required: "invalid_input",
  newer_alert_active: "conflict",
  device_name_invalid: "invalid_input",
  hospital_number_enrolled: "invalid_input",
  enrolment_already_saved: "conflict",
  email_unusable: "invalid_input",
  report_not_stored: "conflict",
  idempotency_key_reused: "conflict",
  emergency_access_too_long: "invalid_input",
  emergency_reason_repeated: "invalid_input",
  plan_not_found: "not_found",
  plan_version_conflict: "conflict",
  plan_changed: "conflict",
  plan_invalid: "invalid_input",
};

/**
 * A refusal by the data layer: `code` decides the HTTP status, `problem` carries the structured
 * facts. Its message is the problem's kind, for logs; users read what server/http/messages.ts says.
 */
export class DomainError extends AppError {
  readonly problem: DomainProblem;

  constructor(problem: DomainProblem) {
    super(DOMAIN_CODE[problem.kind], problem.kind);
    this.problem = problem;
  }
}

/** Shorthand for the data layer: `throw refused({ kind: "staff_not_found" })`. */
export function refused(problem: DomainProblem): DomainError {
  return new DomainError(problem);
}
