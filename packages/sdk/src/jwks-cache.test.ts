// Local verification keys: fetched once and cached, refetched when stale,
// refetched at once for an unknown kid (rotation) but at most once per cooldown.
import { describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { JwksCache } from "./jwks-cache.ts";
import { generateAgentKey, type AgentKey } from "./keys.ts";

async function signedBy(key: AgentKey) {
  return new SignJWT({ hello: "world" }).setProtectedHeader({ alg: key.alg, kid: key.kid }).sign(key.privateKey);
}

function server(initial: AgentKey[]) {
  const state = { keys: initial, fetches: 0 };
  const fetch = async () => {
    state.fetches += 1;
    return new Response(JSON.stringify({ keys: state.keys.map((k) => k.publicJwk) }), { status: 200 });
  };
  return { state, fetch };
}

const header = (token: string) => JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString());
const input = (token: string) => ({ payload: token.split(".")[1], signature: token.split(".")[2], protected: token.split(".")[0] });

describe("JwksCache", () => {
  it("fetches once, then serves keys from the cache until they are stale", async () => {
    const { key } = await generateAgentKey();
    const s = server([key]);
    let now = 0;
    const cache = new JwksCache("https://mandate.test/.well-known/jwks.json", { fetch: s.fetch, maxAgeMs: 60_000, now: () => now });
    const token = await signedBy(key);
    for (let i = 0; i < 5; i++) await cache.getKey(header(token), input(token));
    expect(s.state.fetches).toBe(1);
    now += 61_000;
    await cache.getKey(header(token), input(token));
    expect(s.state.fetches).toBe(2);
  });

  it("picks up a rotated key at once, and does not refetch for every unknown kid within the cooldown", async () => {
    const { key: old } = await generateAgentKey();
    const { key: rotated } = await generateAgentKey("ES256");
    const { key: stranger } = await generateAgentKey();
    const s = server([old]);
    let now = 0;
    const cache = new JwksCache("https://mandate.test/jwks", { fetch: s.fetch, cooldownMs: 30_000, now: () => now });
    await cache.getKey(header(await signedBy(old)), input(await signedBy(old)));
    now += 31_000;
    s.state.keys = [rotated, old];
    const fresh = await signedBy(rotated);
    await expect(cache.getKey(header(fresh), input(fresh))).resolves.toBeDefined();
    expect(s.state.fetches).toBe(2);
    // An unknown kid right after a refetch is refused without asking again.
    const bogus = await signedBy(stranger);
    await expect(cache.getKey(header(bogus), input(bogus))).rejects.toThrow(/no applicable key/i);
    await expect(cache.getKey(header(bogus), input(bogus))).rejects.toThrow(/no applicable key/i);
    expect(s.state.fetches).toBe(2);
  });

  it("shares one fetch between concurrent first requests", async () => {
    const { key } = await generateAgentKey();
    const s = server([key]);
    const cache = new JwksCache("https://mandate.test/jwks", { fetch: s.fetch });
    const token = await signedBy(key);
    await Promise.all(Array.from({ length: 5 }, () => cache.getKey(header(token), input(token))));
    expect(s.state.fetches).toBe(1);
  });
});
