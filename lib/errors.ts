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
