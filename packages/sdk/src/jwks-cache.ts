// Mandate's signing keys for local verification, fetched from jwks_uri and
// cached. Rotation: a token signed with a kid the cache does not know makes
// the cache refetch at once (at most once per cooldown, so garbage kids cannot
// make a resource server hammer Mandate); retired keys stay published until
// their last token expires, so a cached set never needs them removed early.
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWSHeaderParameters, type FlattenedJWSInput, type CryptoKey } from "jose";
import { getJson, type Fetch } from "./http.ts";

export type JwksCacheOptions = {
  fetch?: Fetch;
  /** Refetch a set this old even when its keys still match (default 10 minutes). */
  maxAgeMs?: number;
  /** The least time between two refetches triggered by an unknown kid (default 30 s). */
  cooldownMs?: number;
  now?: () => number;
};

export class JwksCache {
  readonly #uri: string;
  readonly #fetch: Fetch;
  readonly #maxAgeMs: number;
  readonly #cooldownMs: number;
  readonly #now: () => number;
  #set?: ReturnType<typeof createLocalJWKSet>;
  #fetchedAt = -Infinity;
  #inFlight?: Promise<void>;
  /** How many times the set was fetched (for monitoring and tests). */
  fetches = 0;

  constructor(uri: string, opts: JwksCacheOptions = {}) {
    this.#uri = uri;
    this.#fetch = opts.fetch ?? ((input, init) => fetch(input, init));
    this.#maxAgeMs = opts.maxAgeMs ?? 10 * 60_000;
    this.#cooldownMs = opts.cooldownMs ?? 30_000;
    this.#now = opts.now ?? Date.now;
  }

  #refresh(): Promise<void> {
    // Concurrent requests share one fetch.
    this.#inFlight ??= (async () => {
      try {
        const jwks = (await getJson(this.#fetch, this.#uri)) as JSONWebKeySet;
        if (!Array.isArray(jwks.keys)) throw new errors.JWKSInvalid("the JWKS has no keys array");
        this.#set = createLocalJWKSet(jwks);
        this.#fetchedAt = this.#now();
        this.fetches += 1;
      } finally {
        this.#inFlight = undefined;
      }
    })();
    return this.#inFlight;
  }

  /** A jose key resolver: picks the key for a token's header, refetching on an unknown kid. */
  readonly getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey> => {
    if (!this.#set || this.#now() - this.#fetchedAt > this.#maxAgeMs) await this.#refresh();
    try {
      return await this.#set!(header, token);
    } catch (e) {
      if (!(e instanceof errors.JWKSNoMatchingKey) || this.#now() - this.#fetchedAt < this.#cooldownMs) throw e;
      await this.#refresh();
      return this.#set!(header, token);
    }
  };
}
