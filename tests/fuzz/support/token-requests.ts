// Malformed token-endpoint requests, one kind per generator. Every request a
// generator builds must be refused whatever the broker's internals do, so a
// run that mints a credential is a real finding, never a lucky mutation:
//  - requests that carry the registered agent's own client assertion reuse the
//    assertion (and DPoP proof) of a valid request that was already answered,
//    so even a mutation that leaves them valid is a replay;
//  - fresh, correctly signed assertions come from an agent nobody owns (policy
//    denies it whatever it asks), or from the owned agent only where the
//    request is refused before policy (unknown grant, unknown auth_req_id,
//    self-delegation, a bad body) or its assertion itself is wrong.
import { CompactSign, SignJWT, type CryptoKey } from "jose";
import { clientAssertion, dpopProof, ISSUER, TOKEN_ENDPOINT, type KeyPair, type TestAgent } from "@/tests/support/agent-client";
import { JWT_BEARER_ASSERTION } from "@/lib/services/broker/authenticate-client";
import { CIBA_GRANT } from "@/lib/services/broker/poll-step-up";
import { TOKEN_EXCHANGE_GRANT } from "@/lib/services/broker/exchange-token";
import { MAX_FORM_BYTES } from "@/lib/http/form";
import { mutateString, randomBase64url, randomHeaderValue, randomJson, randomString, type Rng } from "./random";

export type FuzzFixtures = {
  /** Owned and acknowledged; its valid request `base` was already answered with a credential. */
  owned: TestAgent;
  /** Registered but its owner never acknowledged it: policy denies everything it asks. */
  unowned: TestAgent;
  /** Another registered agent, whose id the owned agent's key must not speak for. */
  otherAgentId: string;
  base: { assertion: string; dpop: string; details: string; accessToken: string };
  foreign: { ed25519: KeyPair; es256: KeyPair; rsa: CryptoKey; hmac: Uint8Array };
};

export type FuzzCase = { kind: string; request: Request };
type Pairs = [string, string][];
type Identity = { pairs: Pairs; fresh: boolean };

const VALID_GRANTS = new Set(["client_credentials", CIBA_GRANT, TOKEN_EXCHANGE_GRANT]);
const ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
const enc = new TextEncoder();
const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");
const nowSeconds = () => Math.floor(Date.now() / 1000);

function formBody(pairs: Pairs): string {
  const p = new URLSearchParams();
  for (const [k, v] of pairs) p.append(k, v);
  return p.toString();
}

function post(body: BodyInit | null, headers: Record<string, string> = {}, contentType: string | null = "application/x-www-form-urlencoded"): Request {
  const h = new Headers(headers);
  if (contentType !== null) h.set("content-type", contentType);
  return new Request(TOKEN_ENDPOINT, { method: "POST", headers: h, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);
}

/** What survives an HTTP stack: controls and characters beyond Latin-1 never reach a route. */
const headerSafe = (v: string) => v.replace(/[^\x20-\x7e\xa0-\xff]/g, "~");

const clientAuth = (assertion: string): Pairs => [
  ["client_assertion_type", JWT_BEARER_ASSERTION],
  ["client_assertion", assertion],
];

/** Who the request claims to be: the spent valid assertion, or a fresh one from the unowned agent. */
async function refusedIdentity(rng: Rng, f: FuzzFixtures): Promise<Identity> {
  if (rng.chance(0.5)) return { pairs: clientAuth(f.base.assertion), fresh: false };
  return { pairs: clientAuth(await clientAssertion(f.unowned.id, f.unowned.key, { jti: rng.hex(32) })), fresh: true };
}

/** As refusedIdentity, or a fresh assertion of the owned agent — only for requests refused before policy. */
async function anyIdentity(rng: Rng, f: FuzzFixtures): Promise<Identity> {
  if (rng.chance(0.34)) return { pairs: clientAuth(await clientAssertion(f.owned.id, f.owned.key, { jti: rng.hex(32) })), fresh: true };
  return refusedIdentity(rng, f);
}

// ---------------------------------------------------------------- bodies

function randomBytesBody(rng: Rng): FuzzCase {
  const bytes = rng.bytes(rng.int(4096));
  const type = rng.chance(0.8) ? "application/x-www-form-urlencoded" : rng.pick([null, "application/octet-stream", randomHeaderValue(rng, 40)]);
  return { kind: "random-bytes", request: post(Buffer.from(bytes), {}, type) };
}

const KNOWN_PARAMS = ["grant_type", "client_assertion_type", "client_assertion", "client_id", "authorization_details", "expires_in", "auth_req_id", "subject_token", "subject_token_type", "requested_token_type", "scope", "resource", "audience"];

function randomForm(rng: Rng, f: FuzzFixtures): FuzzCase {
  const pairs: Pairs = [];
  for (let n = rng.between(0, 12); n > 0; n--) {
    const key = rng.chance(0.7) ? rng.pick(KNOWN_PARAMS) : randomString(rng, 12);
    const value = rng.pick([
      () => randomString(rng, 80),
      () => rng.pick([...VALID_GRANTS, JWT_BEARER_ASSERTION, ACCESS_TOKEN_TYPE]),
      () => `${randomBase64url(rng, 20)}.${randomBase64url(rng, 40)}.${randomBase64url(rng, 86)}`,
      () => f.base.assertion,
      () => JSON.stringify(randomJson(rng)),
    ])();
    pairs.push([key, value]);
  }
  return { kind: "random-form", request: post(formBody(pairs)) };
}

// ---------------------------------------------------------------- assertions

function mutateJws(rng: Rng, jws: string): string {
  const [h, p, s] = jws.split(".");
  switch (rng.int(8)) {
    case 0:
      return `${p}.${h}.${s}`; // header and payload swapped
    case 1:
      return `${h}.${s}.${p}`;
    case 2:
      return `${h}.${p}`;
    case 3:
      return `${h}.${p}.`;
    case 4:
      return `${b64({ alg: "none", typ: "JWT" })}.${p}.${rng.chance(0.5) ? "" : s}`;
    case 5:
      return `${h}.${b64({ ...JSON.parse(Buffer.from(p, "base64url").toString()), iss: randomString(rng, 10) })}.${s}`;
    case 6:
      return rng.chance(0.5) ? jws.toUpperCase() : ` ${jws}\n`;
    default:
      return mutateString(rng, jws);
  }
}

function assertionMutation(rng: Rng, f: FuzzFixtures): FuzzCase {
  const pairs: Pairs = [["grant_type", "client_credentials"], ...clientAuth(mutateJws(rng, f.base.assertion)), ["authorization_details", f.base.details]];
  return { kind: "assertion-mutation", request: post(formBody(pairs), rng.chance(0.3) ? { dpop: f.base.dpop } : {}) };
}

async function signRaw(header: Record<string, unknown>, payload: unknown, key: CryptoKey | Uint8Array): Promise<string> {
  return new CompactSign(enc.encode(typeof payload === "string" ? payload : JSON.stringify(payload))).setProtectedHeader(header as never).sign(key);
}

/** Signs whatever header it is given (jose itself refuses to sign some of the headers we want to send). */
async function signEdUnchecked(header: Record<string, unknown>, payload: unknown, key: CryptoKey): Promise<string> {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = await crypto.subtle.sign({ name: "Ed25519" }, key, enc.encode(input));
  return `${input}.${Buffer.from(signature).toString("base64url")}`;
}

/** Correctly signed (or deliberately unsigned) assertions that are wrong in exactly one way each. */
async function craftedAssertion(rng: Rng, f: FuzzFixtures): Promise<{ assertion: string; extra: Pairs }> {
  const { owned } = f;
  const now = nowSeconds();
  const claims: Record<string, unknown> = { iss: owned.id, sub: owned.id, aud: TOKEN_ENDPOINT, iat: now, exp: now + 60, jti: rng.hex(32) };
  const header = { alg: "EdDSA", typ: "JWT", kid: owned.key.kid };
  const signed = (c: Record<string, unknown>, h: Record<string, unknown> = header) => signRaw(h, c, owned.key.privateKey);
  const variants: (() => Promise<string> | string)[] = [
    () => `${b64({ alg: rng.pick(["none", "None", "NONE"]), typ: "JWT" })}.${b64(claims)}.${rng.chance(0.5) ? "" : randomBase64url(rng, 86)}`,
    () => signRaw({ alg: rng.pick(["HS256", "HS384", "HS512"]), typ: "JWT", kid: owned.key.kid }, claims, f.foreign.hmac),
    () => signRaw({ alg: "RS256", typ: "JWT", kid: owned.key.kid }, claims, f.foreign.rsa),
    () => signRaw({ alg: "ES256", typ: "JWT", ...(rng.chance(0.5) ? { kid: owned.key.kid } : {}) }, claims, f.foreign.es256.privateKey),
    () => signRaw({ ...header, ...(rng.chance(0.5) ? {} : { kid: undefined }) }, claims, f.foreign.ed25519.privateKey),
    () => signed({ ...claims, aud: rng.pick([`${ISSUER}/api/oauth/introspect`, `${TOKEN_ENDPOINT}/`, `${ISSUER}/`, "http://localhost:3001/api/oauth/token", randomString(rng, 30), [], 42, ["https://billing.internal"]]) }),
    () => signed({ ...claims, sub: `${owned.id}x` }),
    () => signed({ ...claims, iss: f.otherAgentId, sub: f.otherAgentId }, rng.chance(0.5) ? header : { alg: "EdDSA", typ: "JWT" }),
    () => {
      const id = rng.pick([randomString(rng, 20), "x".repeat(rng.between(65, 300)), "", f.unowned.id.toUpperCase()]);
      return signed({ ...claims, iss: id, sub: id });
    },
    () => signed({ ...claims, exp: now - rng.between(40, 86_400) }),
    () => signed({ ...claims, exp: now + rng.between(340, 1_000_000_000) }),
    () => signed({ ...claims, exp: rng.pick([undefined, `${now + 60}`, null, true, {}]) }),
    () => signed({ ...claims, iat: now + rng.between(40, 1_000_000) }),
    () => signed({ ...claims, nbf: now + rng.between(100, 1_000_000) }),
    () => signed({ ...claims, jti: rng.pick([undefined, "", 12, "j".repeat(rng.between(257, 1000)), null, ["a"]]) }),
    () => signed(claims, { ...header, kid: rng.pick([randomString(rng, 20), 7, ""]) }),
    () => signEdUnchecked({ ...header, crit: ["exp"] }, claims, owned.key.privateKey),
    () => signRaw(header, rng.pick(["not json", "[1,2]", '"str"', "null", "{", randomString(rng, 30)]), owned.key.privateKey),
  ];
  const assertion = await rng.pick(variants)();
  // A valid assertion with a client_id that contradicts it (or is absurd) is refused too.
  const extra: Pairs = rng.chance(0.1) ? [["client_id", rng.pick([f.otherAgentId, "x".repeat(129), randomString(rng, 20)])]] : [];
  return { assertion, extra };
}

async function craftedAssertionCase(rng: Rng, f: FuzzFixtures): Promise<FuzzCase> {
  let { assertion, extra } = await craftedAssertion(rng, f);
  if (rng.chance(0.1)) {
    // Otherwise fine, but announced as a different assertion type, or with client_id disagreeing.
    assertion = await clientAssertion(f.owned.id, f.owned.key, { jti: rng.hex(32) });
    extra = rng.chance(0.5) ? [["client_id", f.otherAgentId]] : [];
    const type = rng.pick(["urn:ietf:params:oauth:client-assertion-type:saml2-bearer", "", "jwt-bearer", `${JWT_BEARER_ASSERTION} `]);
    if (extra.length === 0) {
      const pairs: Pairs = [["grant_type", "client_credentials"], ["client_assertion_type", type], ["client_assertion", assertion], ["authorization_details", f.base.details]];
      return { kind: "crafted-assertion", request: post(formBody(pairs)) };
    }
  }
  const pairs: Pairs = [["grant_type", "client_credentials"], ...clientAuth(assertion), ["authorization_details", f.base.details], ...extra];
  return { kind: "crafted-assertion", request: post(formBody(pairs)) };
}

// ---------------------------------------------------------------- intent

const VALID_ENTRY = { type: "agent_task", locations: ["https://billing.internal"], actions: ["read"], identifier: "invoices/2026-11", intent: "Reconcile November invoices" };

function mutatedEntry(rng: Rng): Record<string, unknown> {
  const e: Record<string, unknown> = { ...VALID_ENTRY };
  const fields: Record<string, () => unknown> = {
    type: () => rng.pick([randomJson(rng, 2), "agent_task2", "AGENT_TASK", "", null]),
    locations: () => rng.pick([[], ["https://billing.internal", "https://other.internal"], ["not a url"], ["ftp://billing.internal"], ["https://u:p@billing.internal"], ["https://billing.internal#frag"], "https://billing.internal", [randomJson(rng, 2)], [`https://${"a".repeat(3000)}.internal`], [`https://billing.internal/${randomString(rng, 20)}`]]),
    actions: () => rng.pick([[], ["READ"], ["read\u0000"], Array.from({ length: 21 }, (_, i) => `v${i}`), [1], "read", ["réad"], ["-x"], ["a".repeat(65)], ["delete", "read"], [randomString(rng, 10)], ["read", "export"], [null]]),
    identifier: () => rng.pick([randomJson(rng, 2), "inv\u0000oice", "x".repeat(513), "\u202eexe.txt", "line\nbreak"]),
    intent: () => rng.pick(["", "   ", 12, "bell\u0007", "x".repeat(1001), randomString(rng, 60), null, ["a"]]),
    task_id: () => rng.pick(["", "has space", "x".repeat(129), 5, "ok-task.1", randomString(rng, 20)]),
  };
  for (let n = rng.between(1, 3); n > 0; n--) {
    const r = rng.int(10);
    if (r < 7) {
      const k = rng.pick(Object.keys(fields));
      e[k] = fields[k]();
    } else if (r < 9) delete e[rng.pick(Object.keys(VALID_ENTRY))];
    else e[rng.pick(["extra", "scope", "__proto__", "Type", randomString(rng, 6)])] = randomJson(rng, 2);
  }
  return e;
}

function randomDetails(rng: Rng): string | undefined {
  switch (rng.int(9)) {
    case 0:
      return JSON.stringify(randomJson(rng, 5));
    case 1: {
      const n = rng.between(100, 7000);
      return rng.chance(0.5) ? "[".repeat(n) + "]".repeat(n) : '{"a":'.repeat(n) + "1" + "}".repeat(n);
    }
    case 2: {
      const huge = "x".repeat(rng.between(1001, 40_000));
      return JSON.stringify([{ ...VALID_ENTRY, ...rng.pick([{ intent: huge }, { identifier: huge }, { actions: Array(rng.between(21, 3000)).fill("read") }, { task_id: huge }]) }]);
    }
    case 3:
    case 4: {
      const entries = [mutatedEntry(rng)];
      if (rng.chance(0.2)) entries.push(rng.chance(0.5) ? { ...VALID_ENTRY } : mutatedEntry(rng));
      return JSON.stringify(rng.chance(0.1) ? entries[0] : entries);
    }
    case 5:
      return mutateString(rng, JSON.stringify([VALID_ENTRY]));
    case 6:
      return JSON.stringify([{ ...VALID_ENTRY, intent: `${randomString(rng, 30)}\u0000${randomString(rng, 10)}`, identifier: randomString(rng, 40) }]);
    case 7:
      return rng.pick([undefined, "", " ", "\ufeff[]", "[]", "{}", "null", "[null]", '[{"type":"agent_task"}]', "[1]"]);
    default:
      // Well-formed: refused only because of who is asking (spent assertion or unowned agent).
      return JSON.stringify([{ ...VALID_ENTRY, actions: rng.pick([["read"], ["refund"], ["delete", "read"], ["write"]]), ...(rng.chance(0.3) ? { task_id: `t-${rng.hex(8)}` } : {}) }]);
  }
}

async function detailsFuzz(rng: Rng, f: FuzzFixtures): Promise<FuzzCase> {
  const id = await refusedIdentity(rng, f);
  const details = randomDetails(rng);
  const pairs: Pairs = [["grant_type", "client_credentials"], ...id.pairs];
  if (details !== undefined) pairs.push(["authorization_details", details]);
  if (rng.chance(0.2)) pairs.push(["expires_in", rng.pick(["0", "-1", "86401", "1e3", "abc", "", "9999999", "60.5", " 60", String(rng.between(1, 86_400))])]);
  return { kind: "details", request: post(formBody(pairs), !id.fresh && rng.chance(0.5) ? { dpop: f.base.dpop } : {}) };
}

// ---------------------------------------------------------------- parameters and bodies

async function repeatedParams(rng: Rng, f: FuzzFixtures): Promise<FuzzCase> {
  const id = await anyIdentity(rng, f);
  const pairs: Pairs = [["grant_type", "client_credentials"], ...id.pairs, ["authorization_details", f.base.details]];
  const dup = rng.pick(pairs);
  pairs.splice(rng.int(pairs.length + 1), 0, [dup[0], rng.chance(0.5) ? dup[1] : randomString(rng, 20)]);
  return { kind: "repeated-param", request: post(formBody(pairs)) };
}

async function wrongContentType(rng: Rng, f: FuzzFixtures): Promise<FuzzCase> {
  const id = await anyIdentity(rng, f);
  const pairs: Pairs = [["grant_type", "client_credentials"], ...id.pairs, ["authorization_details", f.base.details]];
  const asJson = rng.chance(0.3);
  const body = asJson ? JSON.stringify(Object.fromEntries(pairs)) : formBody(pairs);
  const type = rng.pick([null, "application/json", "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencodedx", "form", "x-www-form-urlencoded", randomHeaderValue(rng, 30)]);
  return { kind: "content-type", request: post(body, {}, type) };
}

async function oversizedBody(rng: Rng, f: FuzzFixtures): Promise<FuzzCase> {
  const id = await anyIdentity(rng, f);
  const base = formBody([["grant_type", "client_credentials"], ...id.pairs, ["authorization_details", f.base.details]]);
  switch (rng.int(3)) {
    case 0:
      return { kind: "oversized", request: post(`${base}&pad=${"x".repeat(MAX_FORM_BYTES + rng.int(200_000))}`) };
    case 1:
      // Announces a size beyond the limit; the body itself is small.
      return { kind: "oversized", request: post(base, { "content-length": String(MAX_FORM_BYTES + 1 + rng.int(1e9)) }) };
    default: {
      // Streamed in chunks without a length: the limit must hold while reading.
      let sent = 0;
      const chunk = enc.encode(`&pad=${"y".repeat(4090)}`);
      const stream = new ReadableStream<Uint8Array>({
        pull(c) {
          if (sent > MAX_FORM_BYTES * 4) return c.close();
          sent += chunk.byteLength;
          c.enqueue(chunk);
        },
      });
      return { kind: "oversized", request: post(stream) };
    }
  }
}

// ---------------------------------------------------------------- DPoP

async function garbageDpop(rng: Rng, f: FuzzFixtures): Promise<FuzzCase> {
  const id = await refusedIdentity(rng, f);
  const key = f.owned.dpopKey!;
  const now = nowSeconds();
  const { kid: _k, alg: _a, use: _u, ...jwk } = key.publicJwk;
  const proof = (payload: Record<string, unknown>, header: Record<string, unknown> = { alg: "EdDSA", typ: "dpop+jwt", jwk }, signer: CryptoKey | Uint8Array = key.privateKey) =>
    signRaw(header, { htm: "POST", htu: TOKEN_ENDPOINT, iat: now, jti: rng.hex(16), ...payload }, signer);
  const value = await rng.pick<() => Promise<string> | string>([
    () => randomHeaderValue(rng, 300),
    () => "a.b.c",
    () => mutateJws(rng, f.base.dpop),
    async () => `${await dpopProof(key)}, ${await dpopProof(key)}`,
    () => proof({ htm: rng.pick(["GET", "post", "PUT", 1]) }),
    () => proof({ htu: rng.pick([`${ISSUER}/api/oauth/introspect`, "http://evil.example/api/oauth/token", "not a url", "javascript:x"]) }),
    () => proof({}, { alg: "EdDSA", typ: rng.pick(["JWT", "at+jwt", ""]), jwk }),
    () => proof({}, { alg: "EdDSA", typ: "dpop+jwt" }),
    () => proof({}, { alg: "EdDSA", typ: "dpop+jwt", jwk: { ...jwk, d: randomBase64url(rng, 43) } }),
    () => proof({ iat: now - rng.between(100, 100_000) }),
    () => proof({ iat: now + rng.between(10, 100_000) }),
    () => proof({ iat: rng.pick([undefined, "now", null]) }),
    () => proof({ jti: rng.pick([undefined, "", 5, "j".repeat(300)]) }),
    () => `${b64({ alg: "none", typ: "dpop+jwt", jwk })}.${b64({ htm: "POST", htu: TOKEN_ENDPOINT, iat: now, jti: rng.hex(8) })}.`,
    () => proof({}, { alg: "HS256", typ: "dpop+jwt", jwk }, f.foreign.hmac),
    () => proof({}, { alg: "EdDSA", typ: "dpop+jwt", jwk }, f.foreign.ed25519.privateKey),
    () => proof({}, { alg: "EdDSA", typ: "dpop+jwt", jwk: f.foreign.es256.publicJwk }),
    () => proof({}, { alg: "EdDSA", typ: "dpop+jwt", jwk: randomJson(rng, 2) }),
  ])();
  const pairs: Pairs = [["grant_type", "client_credentials"], ...id.pairs, ["authorization_details", f.base.details]];
  return { kind: "dpop", request: post(formBody(pairs), { dpop: headerSafe(value) }) };
}

// ---------------------------------------------------------------- grants

async function unknownGrant(rng: Rng, f: FuzzFixtures): Promise<FuzzCase> {
  const id = await anyIdentity(rng, f);
  let grant: string | undefined;
  do {
    grant = rng.pick([undefined, "", "password", "authorization_code", "refresh_token", "implicit", "urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:ietf:params:oauth:grant-type:device_code", "CLIENT_CREDENTIALS", "client_credentials ", " client_credentials", "client_credentials\u0000", `${CIBA_GRANT}2`, randomString(rng, 40)]);
  } while (grant !== undefined && VALID_GRANTS.has(grant));
  const pairs: Pairs = [...(grant === undefined ? [] : ([["grant_type", grant]] as Pairs)), ...id.pairs, ["authorization_details", f.base.details]];
  return { kind: "unknown-grant", request: post(formBody(pairs)) };
}

async function cibaPoll(rng: Rng, f: FuzzFixtures): Promise<FuzzCase> {
  const id = await anyIdentity(rng, f);
  const pairs: Pairs = [["grant_type", CIBA_GRANT], ...id.pairs];
  const authReqId = rng.pick([undefined, "", randomBase64url(rng, 22), randomString(rng, 40), "x".repeat(rng.between(65, 5000)), "' OR 1=1 --", "../../etc"]);
  if (authReqId !== undefined) pairs.push(["auth_req_id", authReqId]);
  return { kind: "ciba", request: post(formBody(pairs), rng.chance(0.3) ? { dpop: await dpopProof(f.owned.dpopKey!, { jti: rng.hex(16) }) } : {}) };
}

async function tokenExchange(rng: Rng, f: FuzzFixtures): Promise<FuzzCase> {
  const id = await anyIdentity(rng, f);
  const real = f.base.accessToken;
  const subject = rng.pick([undefined, "", real, mutateJws(rng, real), mutateString(rng, real), `${randomBase64url(rng, 30)}.${randomBase64url(rng, 200)}.${randomBase64url(rng, 86)}`, randomString(rng, 100), "x".repeat(9000)]);
  const pairs: Pairs = [["grant_type", TOKEN_EXCHANGE_GRANT], ...id.pairs];
  if (subject !== undefined) pairs.push(["subject_token", subject]);
  const type = rng.chance(0.7) ? ACCESS_TOKEN_TYPE : rng.pick([undefined, "", "urn:ietf:params:oauth:token-type:jwt", randomString(rng, 30)]);
  if (type !== undefined) pairs.push(["subject_token_type", type]);
  if (rng.chance(0.2)) pairs.push(["requested_token_type", rng.pick([ACCESS_TOKEN_TYPE, "urn:ietf:params:oauth:token-type:refresh_token", randomString(rng, 20)])]);
  if (rng.chance(0.4)) {
    const details = randomDetails(rng);
    if (details !== undefined) pairs.push(["authorization_details", details]);
  }
  return { kind: "token-exchange", request: post(formBody(pairs)) };
}

// ---------------------------------------------------------------- the mix

const GENERATORS: [number, (rng: Rng, f: FuzzFixtures) => FuzzCase | Promise<FuzzCase>][] = [
  [6, randomBytesBody],
  [8, randomForm],
  [14, assertionMutation],
  [14, craftedAssertionCase],
  [18, detailsFuzz],
  [6, repeatedParams],
  [5, wrongContentType],
  [3, oversizedBody],
  [10, garbageDpop],
  [5, unknownGrant],
  [5, cibaPoll],
  [6, tokenExchange],
];
const TOTAL_WEIGHT = GENERATORS.reduce((s, [w]) => s + w, 0);

export function nextCase(rng: Rng, f: FuzzFixtures): FuzzCase | Promise<FuzzCase> {
  let r = rng.int(TOTAL_WEIGHT);
  for (const [w, gen] of GENERATORS) {
    if (r < w) return gen(rng, f);
    r -= w;
  }
  throw new Error("unreachable");
}

/** A fresh, otherwise valid request body from `agent` (for the deny and error load tests). */
export async function signedRequest(agent: TestAgent, details: unknown, jti: string): Promise<Request> {
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: agent.key.alg, typ: "JWT", kid: agent.key.kid })
    .setIssuer(agent.id)
    .setSubject(agent.id)
    .setAudience(TOKEN_ENDPOINT)
    .setIssuedAt()
    .setExpirationTime("60s")
    .setJti(jti)
    .sign(agent.key.privateKey);
  return post(formBody([["grant_type", "client_credentials"], ...clientAuth(assertion), ["authorization_details", JSON.stringify(details)]]));
}
