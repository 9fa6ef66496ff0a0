// One error type for everything the SDK can refuse or fail at, with an OAuth
// `code` a program can switch on. Broker answers keep their RFC error codes
// (access_denied, expired_token, invalid_client …); the SDK adds its own for
// what happens on this side of the wire.

/** Codes the SDK itself produces (besides the broker's OAuth error codes). */
export type LocalErrorCode =
  | "network_error" // Mandate could not be reached
  | "server_error" // Mandate answered 5xx or something that is not the protocol
  | "aborted" // the caller's AbortSignal fired
  | "approval_timeout" // the caller's wait for a step-up ran out before Mandate decided
  | "invalid_key" // a key file or JWK that cannot be used
  | "step_up_required"; // a step-up was required and the caller asked not to wait

export class MandateError extends Error {
  override readonly name = "MandateError";
  /** An OAuth error code from Mandate, or one of LocalErrorCode. */
  readonly code: string;
  /** The HTTP status Mandate answered with, when there was an answer. */
  readonly status?: number;
  /** The decision that refused the request (deny, step-up), when Mandate named one. */
  readonly decisionId?: string;
  /** The step-up request id (CIBA auth_req_id), when one is involved. */
  readonly authReqId?: string;

  constructor(code: string, message: string, opts: { status?: number; decisionId?: string; authReqId?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.status = opts.status;
    this.decisionId = opts.decisionId;
    this.authReqId = opts.authReqId;
  }

  /** Refused by policy or by a person: asking again unchanged will not help. */
  get isDenied(): boolean {
    return this.code === "access_denied";
  }

  /** The approval window closed (Mandate's expiry or the caller's own wait). */
  get isExpired(): boolean {
    return this.code === "expired_token" || this.code === "approval_timeout";
  }

  /** Mandate was unreachable or broken: retrying later may help. */
  get isUnavailable(): boolean {
    return this.code === "network_error" || this.code === "server_error";
  }
}

export function isMandateError(e: unknown): e is MandateError {
  return e instanceof MandateError;
}

/** The error an aborted operation rejects with (keeps the signal's reason as the cause). */
export function abortError(signal: AbortSignal): MandateError {
  return new MandateError("aborted", "the operation was aborted", { cause: signal.reason });
}
