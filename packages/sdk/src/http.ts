// Form-encoded calls to Mandate's OAuth endpoints and RFC 8414 discovery,
// over any fetch (the global one by default; tests and proxies pass their own).
import { MandateError, abortError } from "./errors.ts";

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** What GET /.well-known/oauth-authorization-server says (the fields the SDK uses). */
export type ServerMetadata = {
  issuer: string;
  token_endpoint: string;
  introspection_endpoint: string;
  revocation_endpoint: string;
  jwks_uri: string;
  [key: string]: unknown;
};

export type Answer = { status: number; body: Record<string, any> };

function unreachable(url: string, e: unknown, signal?: AbortSignal): MandateError {
  if (signal?.aborted) return abortError(signal);
  const cause = (e as { cause?: { code?: string } })?.cause?.code;
  return new MandateError("network_error", `cannot reach Mandate at ${new URL(url).origin}${cause ? ` (${cause})` : ""}`, { cause: e });
}

async function readJson(response: Response, url: string): Promise<Record<string, any>> {
  const text = await response.text();
  try {
    const body = text ? JSON.parse(text) : {};
    if (body && typeof body === "object") return body;
  } catch {
    // fall through: not the protocol
  }
  throw new MandateError("server_error", `Mandate answered ${response.status} with something that is not JSON at ${new URL(url).pathname}`, { status: response.status });
}

/** POSTs a form and answers { status, body }; a 5xx, a non-JSON answer or no answer throws. */
export async function postForm(fetchImpl: Fetch, url: string, form: Record<string, string>, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Answer> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", ...headers },
      body: new URLSearchParams(form).toString(),
      signal,
    });
  } catch (e) {
    throw unreachable(url, e, signal);
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    throw new MandateError("server_error", `Mandate answered ${response.status} at ${new URL(url).pathname}`, { status: response.status });
  }
  return { status: response.status, body: await readJson(response, url) };
}

/** GETs JSON; anything but a 200 with a JSON object throws. */
export async function getJson(fetchImpl: Fetch, url: string, signal?: AbortSignal): Promise<Record<string, any>> {
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { accept: "application/json" }, signal });
  } catch (e) {
    throw unreachable(url, e, signal);
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    // Discovery and the JWKS never answer anything but 200: anything else is not (this) Mandate.
    throw new MandateError("server_error", `GET ${url} answered ${response.status}${response.status === 404 ? ": is this Mandate's URL?" : ""}`, { status: response.status });
  }
  return readJson(response, url);
}

/**
 * RFC 8414 discovery. Endpoints are used exactly as the server names them:
 * client assertions and DPoP proofs are checked against those URLs.
 */
export async function discover(baseUrl: string, fetchImpl: Fetch = fetch, signal?: AbortSignal): Promise<ServerMetadata> {
  const url = `${baseUrl.replace(/\/+$/, "")}/.well-known/oauth-authorization-server`;
  const body = await getJson(fetchImpl, url, signal);
  for (const field of ["issuer", "token_endpoint", "introspection_endpoint", "revocation_endpoint", "jwks_uri"]) {
    if (typeof body[field] !== "string") throw new MandateError("server_error", `the metadata at ${url} has no ${field}`);
  }
  return body as ServerMetadata;
}

/** Turns a broker's OAuth error answer into a MandateError. */
export function oauthError(answer: Answer, what: string): MandateError {
  const code = typeof answer.body.error === "string" ? answer.body.error : "invalid_response";
  const description = typeof answer.body.error_description === "string" ? answer.body.error_description : JSON.stringify(answer.body).slice(0, 300);
  return new MandateError(code, `${what}: ${code}: ${description}`, {
    status: answer.status,
    decisionId: typeof answer.body.decision_id === "string" ? answer.body.decision_id : undefined,
    authReqId: typeof answer.body.auth_req_id === "string" ? answer.body.auth_req_id : undefined,
  });
}

/** Resolves after `ms`, or rejects with an "aborted" MandateError when the signal fires first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
