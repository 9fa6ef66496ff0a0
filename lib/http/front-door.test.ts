import { describe, expect, it } from "vitest";
import { clientAddress, earlyAnswer, methodsByPath, speaksOAuth } from "./front-door";

const BROKER = methodsByPath(["POST /api/oauth/token", "POST /api/oauth/introspect", "GET /.well-known/jwks.json", "GET /api/v1/revocations/stream"]);
const answer = (method: string, url: string) => earlyAnswer(method, url, BROKER, "req-1");

describe("the front door", () => {
  it.each([["/api/v1/tasks/%FF/complete"], ["/api/oauth/token%E0%A4%A"]])("an undecodable broker path %s → 400 invalid_request as OAuth JSON", (url) => {
    const a = answer("POST", url)!;
    expect(a.status).toBe(400);
    expect(a.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(a.body)).toEqual({ error: "invalid_request", error_description: "the request path is not valid percent-encoding" });
  });

  it.each([["/api/v1/agents/%FF%FE"], ["/api/v1/step-ups/%C0%AF?x=1"], ["/api/v1/agents/%E0%A4%A"]])("an undecodable API path %s → 400 problem+json", (url) => {
    const a = answer("GET", url)!;
    expect(a.status).toBe(400);
    expect(a.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(a.body)).toMatchObject({ status: 400, code: "invalid_request", requestId: "req-1", detail: expect.stringContaining("percent-encoding") });
  });

  it("an undecodable page path → 400 plain text", () => {
    expect(answer("GET", "/agents/%FF")).toMatchObject({ status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  });

  it("leaves well-formed paths alone, an escaped % included, and only the path is judged (not the query)", () => {
    for (const url of ["/api/v1/agents/%25", "/agents/abc", "/api/v1/agents?q=%FF", "/"]) expect(answer("GET", url), url).toBeUndefined();
    expect(answer("POST", "/api/oauth/token")).toBeUndefined();
  });

  it("another method on a broker endpoint → 405 with Allow and an OAuth error", () => {
    const a = answer("GET", "/api/oauth/token")!;
    expect(a.status).toBe(405);
    expect(a.headers.allow).toBe("POST, OPTIONS");
    expect(JSON.parse(a.body)).toEqual({ error: "invalid_request", error_description: "GET is not allowed here: use POST" });
    expect(answer("PUT", "/api/v1/tasks/t1/complete")).toMatchObject({ status: 405, headers: { allow: "POST, OPTIONS" } });
    // A GET endpoint outside /api/oauth answers problem+json, and HEAD is allowed with GET.
    const jwks = answer("POST", "/.well-known/jwks.json")!;
    expect(jwks).toMatchObject({ status: 405, headers: { allow: "GET, HEAD, OPTIONS", "content-type": "application/problem+json" } });
    expect(answer("HEAD", "/.well-known/jwks.json")).toBeUndefined();
    expect(answer("OPTIONS", "/api/oauth/token")).toBeUndefined();
  });

  it("knows which endpoints speak OAuth", () => {
    expect(speaksOAuth("/api/oauth/revoke")).toBe(true);
    expect(speaksOAuth("/api/v1/tasks/abc/complete")).toBe(true);
    expect(speaksOAuth("/api/v1/tasks/abc/revoke")).toBe(false);
    expect(speaksOAuth("/api/v1/agents")).toBe(false);
  });
});

describe("the client's address", () => {
  it("with no trusted proxy is the socket's peer, whatever the client wrote", () => {
    expect(clientAddress("203.0.113.9", "198.51.100.4", 0)).toBe("198.51.100.4");
    expect(clientAddress(undefined, "::ffff:127.0.0.1", 0)).toBe("127.0.0.1");
    expect(clientAddress(undefined, undefined, 0)).toBe("unknown");
  });

  it("behind trusted proxies is the entry they appended, not one the client prepended", () => {
    // client → load balancer → Mandate: the balancer appends the client's address.
    expect(clientAddress("6.6.6.6, 203.0.113.9", "10.0.0.2", 1)).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.9", "10.0.0.2", 1)).toBe("203.0.113.9");
    // client → CDN → balancer → Mandate.
    expect(clientAddress("6.6.6.6, 203.0.113.9, 192.0.2.7", "10.0.0.2", 2)).toBe("203.0.113.9");
    expect(clientAddress(["6.6.6.6", "203.0.113.9"], "10.0.0.2", 1)).toBe("203.0.113.9");
    // Fewer hops than configured: the furthest address known.
    expect(clientAddress(undefined, "10.0.0.2", 1)).toBe("10.0.0.2");
  });
});
