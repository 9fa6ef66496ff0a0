// The wrapper for the broker's OAuth endpoints (token, introspect, revoke,
// task completion): form parsing, client authentication (agent or resource
// server), OAuth error bodies, and evidence for every refusal — including the
// ones that never got as far as a service.
import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import { OAuthError } from "@/lib/broker/oauth-error";
import { oauthErrorResponse } from "@/lib/broker/oauth-error";
import { appendAuditEventAlone } from "@/lib/db/audit-repository";
import type { AuditEventInput } from "@/lib/domain/audit-chain";
import { defaultContext, type ServiceContext } from "@/lib/services/context";
import { authenticateAgent, authenticateResource, spendAssertion, type AuthenticatedAgent, type AuthenticatedResource } from "@/lib/services/broker/authenticate-client";
import { log } from "@/lib/log";
import { observeBrokerRequest } from "@/lib/metrics/broker-metrics";
import { readForm, type Form } from "./form";

type Client<A> = A extends "agent" ? AuthenticatedAgent : A extends "resource-server" ? AuthenticatedResource : null;
type Spec<A extends "agent" | "resource-server" | "none", P> = {
  auth: A;
  /** Name used in the evidence, e.g. "token". */
  endpoint: string;
  /**
   * Work that depends on the request alone, started together with client
   * authentication so that the two overlap (on the token endpoint: verifying
   * the DPoP proof, a second signature check, while the client assertion's is
   * checked). The handler receives it as a promise and decides when to await
   * it, so the order of refusals does not change: a request whose client
   * fails to authenticate gets invalid_client, whatever this would have said.
   */
  alongsideAuth?: (req: Request, ctx: ServiceContext) => Promise<P>;
  handler: (input: { req: Request; ctx: ServiceContext; form: Form; client: Client<A>; params: Record<string, string>; alongside: Promise<P> }) => Promise<Response | object>;
};

// Polling answers are the protocol working as intended, not refusals.
const NOT_EVIDENCE = new Set(["authorization_pending", "slow_down"]);

/** The client id a refused request claimed, if it looks like one (never trusted, only recorded). */
function claimedClient(form: Form | undefined): string | null {
  const raw = form?.get("client_assertion");
  let id: unknown = form?.get("client_id");
  if (!id && raw) {
    try {
      id = decodeJwt(raw).iss;
    } catch {
      id = undefined;
    }
  }
  return typeof id === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
}

/**
 * The evidence of a refusal, and (when the agent had authenticated) its client
 * assertion used up with it: a refused request's assertion cannot be replayed.
 * `evidence: false` (a poll still pending) only spends the assertion.
 */
async function recordRefusal(ctx: ServiceContext, endpoint: string, e: OAuthError, form: Form | undefined, clientType: string, agent: AuthenticatedAgent | null, evidence = true) {
  const clientId = claimedClient(form);
  const input: AuditEventInput | null = evidence
    ? {
        type: e.error === "invalid_client" ? "broker.client_auth_failed" : "broker.request_refused",
        outcome: "FAILURE",
        actor: { type: clientType === "resource-server" ? "SYSTEM" : "AGENT", id: null, label: clientId ? `claimed ${clientType} ${clientId}` : `unidentified ${clientType}` },
        target: clientId ? { type: clientType === "resource-server" ? "resource" : "agent", id: clientId } : null,
        data: { ...e.evidence, endpoint, error: e.error, description: e.message.slice(0, 500), grantType: form?.get("grant_type")?.slice(0, 100) },
        requestId: ctx.requestId,
      }
    : null;
  try {
    if (agent) await spendAssertion(ctx, agent, input);
    else if (input) await appendAuditEventAlone(ctx.db, input, ctx.now());
  } catch (err) {
    // The refusal stands; losing its evidence is an operational error to surface.
    log.error("could not record a refused broker request", { requestId: ctx.requestId, endpoint, error: (err as Error).message });
  }
}

export function defineOAuthRoute<A extends "agent" | "resource-server" | "none", P = undefined>(spec: Spec<A, P>) {
  return async function route(req: Request, next?: { params: Promise<Record<string, string | string[] | undefined>> }): Promise<Response> {
    const started = performance.now();
    const requestId = randomUUID();
    const ctx = defaultContext(requestId);
    let form: Form | undefined;
    let response: Response;
    let agent: AuthenticatedAgent | null = null;
    try {
      const alongsideAuth = spec.alongsideAuth;
      const alongside = (alongsideAuth ? Promise.resolve().then(() => alongsideAuth(req, ctx)) : Promise.resolve(undefined)) as Promise<P>;
      // Its refusal counts only if the handler awaits it (after authentication).
      alongside.catch(() => {});
      form = await readForm(req);
      let client: unknown = null;
      if (spec.auth === "agent") client = agent = await authenticateAgent(ctx, form);
      if (spec.auth === "resource-server") client = await authenticateResource(ctx, form);
      const params = (next ? await next.params : {}) as Record<string, string>;
      const result = await spec.handler({ req, ctx, form, client: client as Client<A>, params, alongside });
      response = result instanceof Response ? result : Response.json(result, { headers: { "cache-control": "no-store", pragma: "no-cache" } });
    } catch (e) {
      if (e instanceof OAuthError) {
        // Audited refusals were decided inside the transaction that claimed the assertion.
        if (!e.audited) await recordRefusal(ctx, spec.endpoint, e, form, spec.auth, agent, !NOT_EVIDENCE.has(e.error));
        response = oauthErrorResponse(e, requestId);
      } else {
        log.error("unhandled broker error", { requestId, endpoint: spec.endpoint, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
        response = oauthErrorResponse(new OAuthError("server_error", `the request could not be completed; quote request id ${requestId}`), requestId);
      }
    }
    response.headers.set("x-request-id", requestId);
    observeBrokerRequest(spec.endpoint, response.status, (performance.now() - started) / 1000);
    return response;
  };
}
