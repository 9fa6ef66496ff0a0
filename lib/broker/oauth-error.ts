// OAuth errors for the broker endpoints: `{error, error_description}` bodies
// with the status each RFC prescribes. Services throw OAuthError; the OAuth
// route wrapper renders it.

export const OAUTH_ERROR_STATUS = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  unsupported_token_type: 400,
  invalid_scope: 400,
  invalid_authorization_details: 400,
  invalid_dpop_proof: 400,
  use_dpop_nonce: 400,
  access_denied: 400,
  step_up_required: 400,
  authorization_pending: 400,
  slow_down: 400,
  expired_token: 400,
  invalid_target: 400,
  server_error: 500,
  temporarily_unavailable: 503,
} as const;

export type OAuthErrorCode = keyof typeof OAUTH_ERROR_STATUS;

export class OAuthError extends Error {
  readonly error: OAuthErrorCode;
  /** Extra response members (decision_id, auth_req_id, interval …). */
  readonly extra: Record<string, string | number>;
  /** True when the service already wrote the evidence (e.g. a recorded decision). */
  readonly audited: boolean;
  /** More for the refusal's audit event than the client is told (e.g. why a federated token mapped to no agent). */
  readonly evidence: Record<string, string | number | boolean | null | string[]>;
  constructor(
    error: OAuthErrorCode,
    description: string,
    extra: Record<string, string | number> = {},
    opts: { audited?: boolean; evidence?: Record<string, string | number | boolean | null | string[]> } = {},
  ) {
    super(description);
    this.name = "OAuthError";
    this.error = error;
    this.extra = extra;
    this.audited = opts.audited ?? false;
    this.evidence = opts.evidence ?? {};
  }
  get status(): number {
    return OAUTH_ERROR_STATUS[this.error];
  }
}

export function oauthErrorResponse(e: OAuthError, requestId: string): Response {
  const headers = new Headers({ "content-type": "application/json", "cache-control": "no-store", pragma: "no-cache" });
  if (e.error === "invalid_client") headers.set("www-authenticate", 'Bearer error="invalid_client"');
  return new Response(JSON.stringify({ error: e.error, error_description: e.message, ...e.extra, request_id: requestId }), { status: e.status, headers });
}
