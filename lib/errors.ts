// One error model for the whole application. Services throw AppError; the
// route wrapper turns it into problem+json (dashboard/automation APIs) with the
// status from this table. Anything else becomes a generic 500.

export const ERROR_STATUS = {
  invalid_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  reauthentication_required: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type InvalidParam = { name: string; reason: string };

export const ERROR_TITLES: Record<ErrorCode, string> = {
  invalid_request: "Invalid request",
  validation_failed: "Validation failed",
  unauthenticated: "Authentication required",
  reauthentication_required: "Recent sign-in required",
  forbidden: "Forbidden",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  conflict: "Conflict",
  payload_too_large: "Payload too large",
  unsupported_media_type: "Unsupported media type",
  rate_limited: "Too many requests",
  internal: "Internal error",
  unavailable: "Service unavailable",
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly invalidParams?: InvalidParam[];
  constructor(code: ErrorCode, message: string, details?: { invalidParams?: InvalidParam[] }) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.invalidParams = details?.invalidParams;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function invalidField(name: string, reason: string): AppError {
  return new AppError("validation_failed", `${name}: ${reason}`, { invalidParams: [{ name, reason }] });
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
