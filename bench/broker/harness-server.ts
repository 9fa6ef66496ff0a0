// The bare limit harness: a plain node:http server that does, per token
// request, the work a credential broker cannot avoid — and nothing else:
//  1. verify the client assertion (jose, EdDSA, key imported once at start),
//  2. verify the DPoP proof (jose; its key comes with the proof, so it is
//     imported per request) and compute its thumbprint,
//  3. one Cedar decision against the shipped default policy set, preparsed
//     (lib/domain/policy: compilePolicySet + decide, as Mandate uses them),
//  4. sign an Ed25519 access token (jose),
//  5. one durable SQLite transaction (better-sqlite3, WAL, synchronous=FULL)
//     inserting a decision, a credential and a hash-chained audit row.
// No framework, no ORM, no per-request reads. Mandate's throughput is quoted
// as a fraction of this.
//
//   node --import tsx bench/broker/harness-server.ts <seed.json> <db-file> <port>
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { SignJWT, calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, jwtVerify, type CryptoKey, type JWK } from "jose";
import { compileDefaultPolicySet } from "@/lib/domain/policy/load-default";
import { decide } from "@/lib/domain/policy/decide";
import type { DecisionRequest, PolicySnapshot } from "@/lib/domain/policy/types";
import type { BenchSeed } from "./seed";

// better-sqlite3 ships no types here; this is the little of it the harness uses.
type Statement = { run(...args: unknown[]): unknown; get(...args: unknown[]): unknown };
type SqliteDb = { pragma(sql: string): unknown; exec(sql: string): void; prepare(sql: string): Statement; transaction<A>(fn: (arg: A) => void): (arg: A) => void; close(): void };
const Database = createRequire(import.meta.url)("better-sqlite3") as new (file: string) => SqliteDb;

const [seedFile, dbFile, portArg] = process.argv.slice(2);
const root = path.resolve(import.meta.dirname, "..", "..");
const baseUrl = `http://127.0.0.1:${portArg}`;
const tokenEndpoint = `${baseUrl}/api/oauth/token`;

type Harness = { agents: Map<string, CryptoKey>; snapshot: PolicySnapshot; signingKey: CryptoKey; kid: string; audience: string; record: (r: Row) => void; close: () => void };
type Row = { decisionId: string; agentId: string; input: string; credentialId: string; jtiHash: string; audience: string; jkt: string; expiresAt: string; now: string };

async function setUp(): Promise<Harness> {
  const seed = JSON.parse(fs.readFileSync(seedFile, "utf8")) as BenchSeed;
  const agents = new Map<string, CryptoKey>();
  for (const a of seed.agents) {
    const { d: _d, ...pub } = a.privateJwk;
    agents.set(a.id, (await importJWK(pub, "EdDSA")) as CryptoKey);
  }
  const compiled = compileDefaultPolicySet(root);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const signing = await generateKeyPair("EdDSA");

  for (const s of ["", "-wal", "-shm"]) fs.rmSync(dbFile + s, { force: true });
  const db = new Database(dbFile);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec(`
    CREATE TABLE decision (id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, outcome TEXT NOT NULL, input TEXT NOT NULL, created_at TEXT NOT NULL);
    CREATE TABLE credential (id TEXT PRIMARY KEY, jti_hash TEXT NOT NULL UNIQUE, agent_id TEXT NOT NULL, decision_id TEXT NOT NULL, audience TEXT NOT NULL, dpop_jkt TEXT, expires_at TEXT NOT NULL);
    CREATE TABLE audit (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, data TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE);
  `);
  const insertDecision = db.prepare("INSERT INTO decision VALUES (?, ?, ?, ?, ?)");
  const insertCredential = db.prepare("INSERT INTO credential VALUES (?, ?, ?, ?, ?, ?, ?)");
  const head = db.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
  const insertAudit = db.prepare("INSERT INTO audit VALUES (?, ?, ?, ?, ?)");
  const record = db.transaction((r: Row) => {
    insertDecision.run(r.decisionId, r.agentId, "ALLOW", r.input, r.now);
    insertCredential.run(r.credentialId, r.jtiHash, r.agentId, r.decisionId, r.audience, r.jkt, r.expiresAt);
    const h = (head.get() as { seq: number; hash: string } | undefined) ?? { seq: 0, hash: "0".repeat(64) };
    const data = JSON.stringify({ credentialId: r.credentialId, decisionId: r.decisionId, agentId: r.agentId, at: r.now });
    insertAudit.run(h.seq + 1, "credential.issued", data, h.hash, createHash("sha256").update(`${h.hash}|${h.seq + 1}|${data}`).digest("hex"));
  });
  const close = () => {
    db.close();
    for (const s of ["", "-wal", "-shm"]) fs.rmSync(dbFile + s, { force: true });
  };
  return { agents, snapshot: compiled.snapshot, signingKey: signing.privateKey, kid: randomUUID(), audience: seed.audience, record, close };
}

class Refusal extends Error {}

async function issue(h: Harness, form: URLSearchParams, dpopHeader: string | undefined) {
  const assertion = form.get("client_assertion") ?? "";
  const iss = decodeJwt(assertion).iss;
  const key = typeof iss === "string" ? h.agents.get(iss) : undefined;
  if (!key) throw new Refusal("unknown client");
  const { payload } = await jwtVerify(assertion, key, { algorithms: ["EdDSA"], audience: tokenEndpoint, issuer: iss, subject: iss, requiredClaims: ["exp", "jti"] });

  if (!dpopHeader) throw new Refusal("DPoP proof required");
  const header = decodeProtectedHeader(dpopHeader);
  if (header.typ !== "dpop+jwt" || !header.jwk) throw new Refusal("bad DPoP header");
  const dpopKey = await importJWK(header.jwk as JWK, "EdDSA");
  const proof = await jwtVerify(dpopHeader, dpopKey, { algorithms: ["EdDSA"], typ: "dpop+jwt", maxTokenAge: 60 });
  if (proof.payload.htm !== "POST" || proof.payload.htu !== tokenEndpoint || typeof proof.payload.jti !== "string") throw new Refusal("bad DPoP proof");
  const jkt = await calculateJwkThumbprint(header.jwk as JWK);

  const entry = JSON.parse(form.get("authorization_details") ?? "[]")[0];
  const now = new Date();
  const taskId = randomBytes(16).toString("base64url");
  const request: DecisionRequest = {
    agent: { id: iss!, status: "ACTIVE", riskTier: "LOW", environment: "staging", owned: true, ceiling: { audiences: [h.audience], actions: ["read", "write"], maxTtlSeconds: 900 }, requireDpop: false },
    audience: entry.locations[0],
    identifier: entry.identifier ?? "",
    actions: entry.actions,
    context: { intent: entry.intent, intentType: "", taskId, delegationDepth: 0, requestedTtlSeconds: 900, hourUtc: now.getUTCHours(), dayOfWeek: now.getUTCDay(), recentRequestsPerMinute: 1, dpopBound: true, grantType: "client_credentials" },
  };
  const decision = decide(request, h.snapshot);
  if (decision.outcome !== "ALLOW") throw new Refusal(`policy: ${decision.outcome}`);

  const jti = randomBytes(16).toString("base64url");
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const accessToken = await new SignJWT({ authorization_details: [entry], task_id: taskId, client_id: iss, cnf: { jkt } })
    .setProtectedHeader({ alg: "EdDSA", kid: h.kid, typ: "at+jwt" })
    .setIssuer(baseUrl)
    .setSubject(iss!)
    .setAudience(entry.locations[0])
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + 900)
    .setJti(jti)
    .sign(h.signingKey);

  const decisionId = randomBytes(16).toString("base64url");
  h.record({
    decisionId,
    agentId: iss!,
    input: JSON.stringify({ request, assertionJti: payload.jti }),
    credentialId: randomBytes(16).toString("base64url"),
    jtiHash: createHash("sha256").update(jti).digest("hex"),
    audience: entry.locations[0],
    jkt,
    expiresAt: new Date(now.getTime() + 900_000).toISOString(),
    now: now.toISOString(),
  });
  return { access_token: accessToken, token_type: "DPoP", expires_in: 900, authorization_details: [entry], task_id: taskId, decision_id: decisionId };
}

async function main() {
  const h = await setUp();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
        res.end(text);
      };
      if (req.method !== "POST" || req.url !== "/api/oauth/token") return reply(404, { error: "not_found" });
      const dpop = req.headers.dpop;
      issue(h, new URLSearchParams(Buffer.concat(chunks).toString("utf8")), typeof dpop === "string" ? dpop : undefined).then(
        (body) => reply(200, body),
        (e) => reply(e instanceof Refusal ? 400 : 401, { error: e instanceof Refusal ? "invalid_request" : "invalid_client", error_description: String(e.message) }),
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(portArg), "127.0.0.1", () => console.log(`harness ready on ${baseUrl}`));
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.on(sig, () => {
      server.close();
      h.close();
      process.exit(0);
    });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
