// The public keys of a trusted issuer. Static and SPIFFE configurations carry
// their key set; an OIDC issuer's set is discovered (<issuer>/.well-known/
// openid-configuration → jwks_uri), cached for MANDATE_FEDERATION_JWKS_TTL_SECONDS
// and fetched again early when a token names a kid the cached set lacks (a
// rotation) — at most once per cooldown, so a stream of made-up kids cannot
// turn Mandate into a fetch amplifier. Any failure to fetch is an error the
// broker turns into a refusal: no keys, no authentication (fail closed; a
// stale set is not used past its time).
import { env } from "@/lib/env";
import { isAllowedIssuerUrl } from "@/lib/domain/federation";
import { validateIssuerJwks, type IssuerJwks } from "@/lib/domain/federation-keys";
import { readCappedText } from "@/lib/http/read-capped-text";

export class IssuerKeysUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IssuerKeysUnavailable";
  }
}

export type TrustForKeys = { id: string; kind: "OIDC" | "STATIC_JWKS" | "SPIFFE"; issuer: string; jwks: string | null; updatedAt: Date };

type Entry = { version: number; jwks: IssuerJwks; fetchedAt: number };
type Cache = { entries: Map<string, Entry>; inFlight: Map<string, Promise<Entry>> };
const g = globalThis as unknown as { __mandateIssuerKeys?: Cache };
const cache: Cache = (g.__mandateIssuerKeys ??= { entries: new Map(), inFlight: new Map() });

const MAX_DOCUMENT_BYTES = 512 * 1024;

/** Test hook: forget every discovered key set. */
export function forgetIssuerKeysForTests() {
  cache.entries.clear();
  cache.inFlight.clear();
}

/**
 * The key set to verify a token of `trust` with. `kid` is the token's key id:
 * an OIDC set that lacks it is fetched again when the cooldown allows.
 */
export async function issuerKeys(trust: TrustForKeys, kid: string | undefined, nowMs: number): Promise<IssuerJwks> {
  if (trust.kind !== "OIDC") {
    const r = validateIssuerJwks(trust.jwks ?? "");
    // Stored sets were validated on the way in; a set that no longer validates verifies nothing.
    if (!r.ok) throw new IssuerKeysUnavailable(`the configured key set is unusable (${r.error})`);
    return r.jwks;
  }
  const { jwksTtlSeconds, jwksCooldownSeconds } = env().federation;
  const version = trust.updatedAt.getTime();
  const hit = cache.entries.get(trust.id);
  if (hit && hit.version === version && nowMs - hit.fetchedAt < jwksTtlSeconds * 1000) {
    const knowsKid = kid === undefined || hit.jwks.keys.some((k) => k.kid === kid);
    if (knowsKid || nowMs - hit.fetchedAt < jwksCooldownSeconds * 1000) return hit.jwks;
  }
  return (await refresh(trust, version, nowMs)).jwks;
}

function refresh(trust: TrustForKeys, version: number, nowMs: number): Promise<Entry> {
  // Concurrent requests share one fetch.
  const running = cache.inFlight.get(trust.id);
  if (running) return running;
  const p = discover(trust.issuer)
    .then((jwks) => {
      const entry = { version, jwks, fetchedAt: nowMs };
      cache.entries.set(trust.id, entry);
      return entry;
    })
    .catch((e: unknown) => {
      // Fail closed: a set that could not be refreshed is not used any more.
      cache.entries.delete(trust.id);
      throw e;
    })
    .finally(() => cache.inFlight.delete(trust.id));
  cache.inFlight.set(trust.id, p);
  return p;
}

async function discover(issuer: string): Promise<IssuerJwks> {
  const discoveryUrl = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const doc = await fetchJson(discoveryUrl, "discovery document");
  if (typeof doc !== "object" || doc === null) throw new IssuerKeysUnavailable(`the discovery document at ${discoveryUrl} is not a JSON object`);
  const { issuer: claimed, jwks_uri: jwksUri } = doc as Record<string, unknown>;
  // OpenID Connect Discovery §4.3: the document must name the issuer it was fetched for.
  if (claimed !== issuer) throw new IssuerKeysUnavailable(`the discovery document names issuer ${JSON.stringify(claimed)}, not ${JSON.stringify(issuer)}`);
  if (typeof jwksUri !== "string" || !isAllowedIssuerUrl(jwksUri)) throw new IssuerKeysUnavailable("the discovery document has no usable jwks_uri (https, or http to a loopback host)");
  const r = validateIssuerJwks(await fetchJson(jwksUri, "key set"));
  if (!r.ok) throw new IssuerKeysUnavailable(`the issuer's key set is unusable (${r.error})`);
  return r.jwks;
}

async function fetchJson(url: string, what: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: "error", headers: { accept: "application/json" }, signal: AbortSignal.timeout(env().federation.fetchTimeoutMs) });
  } catch (e) {
    const why = e instanceof Error && e.name === "TimeoutError" ? "timed out" : "could not be reached";
    throw new IssuerKeysUnavailable(`the issuer's ${what} at ${url} ${why}`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new IssuerKeysUnavailable(`the issuer's ${what} at ${url} answered HTTP ${res.status}`);
  }
  const text = await readCappedText(res, MAX_DOCUMENT_BYTES);
  if (!text.ok) throw new IssuerKeysUnavailable(`the issuer's ${what} at ${url} is larger than 512 KiB or not UTF-8`);
  try {
    return JSON.parse(text.text);
  } catch {
    throw new IssuerKeysUnavailable(`the issuer's ${what} at ${url} is not JSON`);
  }
}
