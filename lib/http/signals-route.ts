// POST /api/v1/signals. Not behind defineRoute or defineOAuthRoute: a SET
// authenticates itself (its own signature), the JSON form by a bearer
// assertion. Answers 202 with what each signal revoked; refusals are OAuth
// error bodies, audited, never echoing the token.
import { randomUUID } from "node:crypto";
import { OAuthError, oauthErrorResponse } from "@/lib/broker/oauth-error";
import { appendAuditEventAlone } from "@/lib/db/audit-repository";
import { signalsFromJson, signalsFromSetEvents } from "@/lib/domain/signals";
import { defaultContext } from "@/lib/services/context";
import { authenticateSet, authenticateSignalBearer } from "@/lib/services/signals/authenticate-signal";
import { receiveSignals } from "@/lib/services/signals/receive-signals";
import { log } from "@/lib/log";
import { readCappedText } from "./read-capped-text";

const MAX_BYTES = 32 * 1024;

export async function signalsHandler(req: Request): Promise<Response> {
  const requestId = randomUUID();
  const ctx = defaultContext(requestId);
  let response: Response;
  try {
    const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/secevent+jwt" && type !== "application/json") throw new OAuthError("invalid_request", "Content-Type must be application/secevent+jwt (a SET) or application/json");
    const body = await readCappedText(req, MAX_BYTES);
    if (!body.ok) throw new OAuthError("invalid_request", body.reason === "too_large" ? `the body must be at most ${MAX_BYTES} bytes` : "the body is not UTF-8");
    const now = ctx.now();
    let result;
    if (type === "application/secevent+jwt") {
      const provider = await authenticateSet(ctx.db, body.text.trim(), now);
      const parsed = signalsFromSetEvents(provider.events);
      if (!parsed.ok) throw new OAuthError("invalid_request", parsed.error);
      result = await receiveSignals(ctx, provider, parsed.signals, "set");
    } else {
      const provider = await authenticateSignalBearer(ctx.db, req.headers.get("authorization"), now);
      let json: unknown;
      try {
        json = JSON.parse(body.text);
      } catch {
        throw new OAuthError("invalid_request", "the body is not JSON");
      }
      const parsed = signalsFromJson(json);
      if (!parsed.ok) throw new OAuthError("invalid_request", parsed.error);
      result = await receiveSignals(ctx, provider, parsed.signals, "json");
    }
    response = Response.json({ received: result.length, results: result }, { status: 202, headers: { "cache-control": "no-store" } });
  } catch (e) {
    const err = e instanceof OAuthError ? e : new OAuthError("server_error", `the signal could not be processed; quote request id ${requestId}`);
    if (!(e instanceof OAuthError)) log.error("signal intake failed", { requestId, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    else {
      await appendAuditEventAlone(ctx.db, { type: "signal.refused", outcome: "FAILURE", actor: { type: "SYSTEM", id: null, label: "unidentified signal provider" }, target: null, data: { error: err.error, description: err.message.slice(0, 500) }, requestId }, ctx.now()).catch((auditError: unknown) =>
        log.error("could not record a refused signal", { requestId, error: (auditError as Error).message }),
      );
    }
    response = oauthErrorResponse(err, requestId);
  }
  response.headers.set("x-request-id", requestId);
  return response;
}
