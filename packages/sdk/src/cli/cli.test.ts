// The `mandate` binary, run as a user runs it (node bin/mandate.mjs), against
// a scripted broker on a local port: its output, and exit codes scripts can
// rely on. e2e/sdk.spec.ts runs it against a started Mandate as well.
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = path.resolve(import.meta.dirname, "../../../../bin/mandate.mjs");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-cli-"));

type Run = { code: number; stdout: string; stderr: string };
function run(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
    else child.stdin!.end();
  });
}

/** A broker that answers from a script: each token-endpoint call takes the next answer. */
let server: http.Server;
let base = "";
let tokenAnswers: Array<[number, object]> = [];
const seen: Array<{ path: string; form: URLSearchParams; headers: http.IncomingHttpHeaders }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const reply = (status: number, json: object) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
      const url = req.url ?? "/";
      seen.push({ path: url, form: new URLSearchParams(body), headers: req.headers });
      if (url === "/.well-known/oauth-authorization-server") {
        return reply(200, { issuer: base, token_endpoint: `${base}/api/oauth/token`, introspection_endpoint: `${base}/api/oauth/introspect`, revocation_endpoint: `${base}/api/oauth/revoke`, jwks_uri: `${base}/.well-known/jwks.json` });
      }
      if (url === "/api/oauth/token") return reply(...(tokenAnswers.shift() ?? [500, { error: "server_error" }]));
      if (url === "/api/oauth/revoke") return reply(200, {});
      if (url === "/api/oauth/introspect") return reply(200, new URLSearchParams(body).get("token") === "live-token" ? { active: true, sub: "agent-1" } : { active: false });
      if (url.startsWith("/api/v1/tasks/")) return reply(200, { task_id: url.split("/")[4], status: new URLSearchParams(body).get("status"), revoked_credentials: 3 });
      if (url === "/api/v1/agents") {
        if (req.headers.authorization !== "Bearer mdt_good") return reply(403, { title: "Forbidden", detail: "your role cannot register agents" });
        const sent = JSON.parse(body);
        return reply(201, { id: "agent-new", name: sent.name, owner: { name: "Olivia Owner" }, sentJwks: sent.jwks });
      }
      if (url === "/api/broken") return reply(500, {});
      reply(404, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let keyFile = "";
const agentEnv = () => ({ MANDATE_URL: base, MANDATE_CLIENT_ID: "agent-1", MANDATE_KEY_FILE: keyFile });
const TOKEN_OK: [number, object] = [200, { access_token: "the-access-token", token_type: "DPoP", expires_in: 300, authorization_details: [{ type: "agent_task", locations: ["https://billing.internal"], actions: ["refund"], intent: "x" }], task_id: "task-9", decision_id: "dec-9" }];
const STEP_UP: [number, object] = [400, { error: "step_up_required", error_description: "a person must approve", auth_req_id: "req-42", expires_in: 60, interval: 1, decision_id: "dec-1" }];
const ask = ["token", "--audience", "https://billing.internal", "--action", "refund", "--intent", "Refund ticket 4411"];

describe("mandate: help and usage", () => {
  it("--help lists the commands and the exit codes (exit 0); no command is a usage error (exit 2)", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    for (const c of ["keygen", "register", "token", "introspect", "revoke", "complete"]) expect(help.stdout).toContain(`  ${c}`);
    expect(help.stdout).toMatch(/Exit codes:[\s\S]*3 +not approved in time/);
    expect((await run([])).code).toBe(2);
  });

  it("every command's --help explains its options (exit 0)", async () => {
    const commands = ["keygen", "register", "token", "introspect", "revoke", "complete"];
    const runs = await Promise.all(commands.map((command) => run([command, "--help"])));
    runs.forEach((r, i) => {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: mandate ${commands[i]}`);
    });
  });

  it("an unknown command, an unknown option or a missing value is exit 2 with a pointer to --help", async () => {
    const unknown = await run(["tokne"]);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "tokne"') });
    const option = await run(["token", "--audiense", "x"]);
    expect(option).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unknown option '--audiense'[\s\S]*mandate token --help/) });
    const missing = await run(["token", "--audience", "x", "--action", "read"], agentEnv());
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining("--intent is required") });
  });
});

describe("mandate keygen", () => {
  it("writes the private key with mode 0600, prints the public JWKS, and never overwrites", async () => {
    keyFile = path.join(dir, "agent.jwk.json");
    const r = await run(["keygen", "--out", keyFile]);
    expect(r.code).toBe(0);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const jwks = JSON.parse(r.stdout);
    expect(jwks.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig", kid: expect.any(String) });
    expect(jwks.keys[0]).not.toHaveProperty("d");
    expect(JSON.parse(fs.readFileSync(keyFile, "utf8"))).toHaveProperty("d");
    const again = await run(["keygen", "--out", keyFile]);
    expect(again).toMatchObject({ code: 2, stderr: expect.stringContaining("already exists") });
  });
});

describe("mandate against a broker", () => {
  it("token prints the access token (exit 0), bound to the agent's key with DPoP", async () => {
    tokenAnswers = [TOKEN_OK];
    const r = await run(ask, agentEnv());
    expect(r).toMatchObject({ code: 0, stdout: "the-access-token\n" });
    expect(r.stderr).toContain("DPoP credential for refund on https://billing.internal, expires in 300 s; task task-9");
    const call = seen.findLast((s) => s.path === "/api/oauth/token")!;
    expect(call.headers.dpop).toEqual(expect.any(String));
    expect(JSON.parse(call.form.get("authorization_details")!)).toEqual([{ type: "agent_task", locations: ["https://billing.internal"], actions: ["refund"], intent: "Refund ticket 4411" }]);
  });

  it("token waits for approval, showing the request id, then prints the token (exit 0)", async () => {
    tokenAnswers = [STEP_UP, [400, { error: "authorization_pending", interval: 1 }], TOKEN_OK];
    const r = await run([...ask, "--json"], agentEnv());
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`approval needed: a person must approve this exact request at ${base}/approvals/req-42`);
    expect(r.stderr.match(/waiting for approval, request id req-42/g)).toHaveLength(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ access_token: "the-access-token", task_id: "task-9" });
    expect(seen.filter((s) => s.form.get("grant_type") === "urn:openid:params:grant-type:ciba")).toHaveLength(2);
  });

  it("denied is exit 1 with the reason and the decision; --no-wait on a step-up and an expired step-up are exit 3", async () => {
    tokenAnswers = [[400, { error: "access_denied", error_description: "denied: outside the ceiling", decision_id: "dec-7" }]];
    const denied = await run(ask, agentEnv());
    expect(denied).toMatchObject({ code: 1, stdout: "" });
    expect(denied.stderr).toMatch(/access_denied: denied: outside the ceiling[\s\S]*decision dec-7/);

    tokenAnswers = [STEP_UP];
    const noWait = await run([...ask, "--no-wait"], agentEnv());
    expect(noWait).toMatchObject({ code: 3, stderr: expect.stringContaining("request id req-42") });

    tokenAnswers = [STEP_UP, [400, { error: "expired_token", error_description: "nobody decided" }]];
    expect((await run(ask, agentEnv())).code).toBe(3);
  });

  it("an unreachable Mandate or a server error is exit 4", async () => {
    const unreachable = await run(ask, { ...agentEnv(), MANDATE_URL: "http://127.0.0.1:9" });
    expect(unreachable).toMatchObject({ code: 4, stderr: expect.stringContaining("cannot reach Mandate at http://127.0.0.1:9") });
    tokenAnswers = [[503, { error: "temporarily_unavailable" }]];
    expect((await run(ask, agentEnv())).code).toBe(4);
  });

  it("revoke (token on stdin), complete and introspect", async () => {
    expect(await run(["revoke", "-"], agentEnv(), "some-token\n")).toMatchObject({ code: 0 });
    expect(seen.findLast((s) => s.path === "/api/oauth/revoke")!.form.get("token")).toBe("some-token");
    expect(await run(["complete", "task-9", "--status", "failed"], agentEnv())).toMatchObject({ code: 0, stdout: "task task-9 failed: 3 credential(s) revoked\n" });
    expect((await run(["complete", "task-9", "--status", "maybe"], agentEnv())).code).toBe(2);
    // An id that starts with "-" reads as an option: the usage error says how to pass it, and `--` does.
    const dashed = await run(["complete", "-AOHNVYezG4RT33IEORgLg", "--status", "succeeded"], agentEnv());
    expect(dashed).toMatchObject({ code: 2, stderr: expect.stringContaining("put -- before it (`-- -AOHNVYezG4RT33IEORgLg`)") });
    expect(await run(["complete", "--status", "succeeded", "--", "-AOHNVYezG4RT33IEORgLg"], agentEnv())).toMatchObject({ code: 0, stdout: "task -AOHNVYezG4RT33IEORgLg succeeded: 3 credential(s) revoked\n" });

    const resourceEnv = { MANDATE_URL: base, MANDATE_RESOURCE_ID: "res-1", MANDATE_RESOURCE_KEY_FILE: keyFile };
    const active = await run(["introspect", "live-token"], resourceEnv);
    expect(active.code).toBe(0);
    expect(JSON.parse(active.stdout)).toEqual({ active: true, sub: "agent-1" });
    expect(await run(["introspect", "dead-token"], resourceEnv)).toMatchObject({ code: 1 });
  });

  it("register sends the public JWKS only and prints the id; a refused token is exit 1 with the problem", async () => {
    const args = ["register", "--name", "refund-bot", "--audience", "https://billing.internal", "--action", "read", "--action", "refund", "--key-file", keyFile, "--url", base];
    const ok = await run(args, { MANDATE_TOKEN: "mdt_good" });
    expect(ok).toMatchObject({ code: 0, stdout: "agent-new\n" });
    expect(ok.stderr).toContain("Olivia Owner must acknowledge ownership");
    const sent = seen.findLast((s) => s.path === "/api/v1/agents")!;
    expect(sent.headers.authorization).toBe("Bearer mdt_good");
    const refused = await run(args, { MANDATE_TOKEN: "mdt_auditor" });
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining("registration refused: 403 your role cannot register agents") });
    expect((await run(args.filter((a) => a !== "--action" && a !== "read" && a !== "refund"), { MANDATE_TOKEN: "mdt_good" })).code).toBe(2);
  });
});
