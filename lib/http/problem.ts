// RFC 9457 problem+json for the dashboard and automation APIs.
import { AppError, ERROR_STATUS, ERROR_TITLES, type ErrorCode, type InvalidParam } from "@/lib/errors";
import { RECENT_SIGN_IN_SECONDS } from "@/lib/domain/step-up";

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  invalid_params?: InvalidParam[];
};

export function problem(code: ErrorCode, detail: string, requestId: string, invalidParams?: InvalidParam[], headers?: HeadersInit): Response {
  const status = ERROR_STATUS[code];
  const body: ProblemBody = { type: "about:blank", title: ERROR_TITLES[code], status, detail, code, requestId };
  if (invalidParams?.length) body.invalid_params = invalidParams;
  const h = new Headers(headers);
  h.set("content-type", "application/problem+json");
  h.set("cache-control", "no-store");
  if (code === "unauthenticated") h.set("www-authenticate", 'Bearer realm="mandate"');
  // RFC 9110 wants a challenge with every 401; RFC 9470 names this one: the credential is fine, the sign-in too old.
  if (code === "reauthentication_required") h.set("www-authenticate", `Bearer realm="mandate", error="insufficient_user_authentication", max_age=${RECENT_SIGN_IN_SECONDS}`);
  return new Response(JSON.stringify(body), { status, headers: h });
}

export function problemFromAppError(e: AppError, requestId: string): Response {
  return problem(e.code, e.message, requestId, e.invalidParams);
}
