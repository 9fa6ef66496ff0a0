// GET /api/v1/revocations/stream — served by Next.js and, in production, by
// the broker listener itself (server/main.ts streams it instead of buffering).
// Authentication failures answer OAuth error bodies (401 + WWW-Authenticate)
// and are audited; the assertion itself is never logged or stored.
import { randomUUID } from "node:crypto";
import { OAuthError, oauthErrorResponse } from "@/lib/broker/oauth-error";
import { appendAuditEventAlone } from "@/lib/db/audit-repository";
import { defaultContext } from "@/lib/services/context";
import { authenticateStreamClient } from "@/lib/services/revocations/authenticate-stream-client";
import { openRevocationStream, parseLastEventId } from "@/lib/services/revocations/open-revocation-stream";
import { log } from "@/lib/log";

export async function streamRevocationsHandler(req: Request): Promise<Response> {
  const requestId = randomUUID();
  const ctx = defaultContext(requestId);
  let response: Response;
  try {
    const resource = await authenticateStreamClient(ctx, req.headers.get("authorization"));
    const lastEventId = parseLastEventId(req.headers.get("last-event-id"));
    response = await openRevocationStream(ctx, resource, lastEventId, { signal: req.signal });
  } catch (e) {
    const err = e instanceof OAuthError ? e : new OAuthError("server_error", `the stream could not be opened; quote request id ${requestId}`);
    if (!(e instanceof OAuthError)) log.error("revocation stream failed", { requestId, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    if (err.error === "invalid_client" || err.error === "invalid_request") {
      await appendAuditEventAlone(ctx.db, {
        type: "broker.client_auth_failed",
        outcome: "FAILURE",
        actor: { type: "SYSTEM", id: null, label: "unidentified resource-server" },
        target: null,
        data: { endpoint: "revocation-stream", error: err.error, description: err.message.slice(0, 500) },
        requestId,
      }, ctx.now()).catch((auditError: unknown) => log.error("could not record a refused revocation stream", { requestId, error: (auditError as Error).message }));
    }
    response = oauthErrorResponse(err, requestId);
    if (err.error === "invalid_client") response.headers.set("www-authenticate", 'Bearer error="invalid_token"');
  }
  response.headers.set("x-request-id", requestId);
  return response;
}
