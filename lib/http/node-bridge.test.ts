import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveWithHandler, type WebHandler } from "./node-bridge";
import { readCappedText } from "./read-capped-text";

const CAP = 1024;
let handler: WebHandler;
let server: http.Server;
let base: string;
const errors: unknown[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => void serveWithHandler((r) => handler(r), req, res, { baseUrl: "https://mandate.example", maxBodyBytes: CAP, onError: (e) => errors.push(e) }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("serveWithHandler", () => {
  it("hands the handler the method, the public URL with its query, the headers and the body", async () => {
    let seen: { method: string; url: string; type: string | null; custom: string | null; body: string } | undefined;
    handler = async (req) => {
      seen = { method: req.method, url: req.url, type: req.headers.get("content-type"), custom: req.headers.get("x-custom"), body: await req.text() };
      return Response.json({ ok: true }, { status: 201, headers: { "x-request-id": "r1" } });
    };
    const res = await fetch(`${base}/api/oauth/token?x=1`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-custom": "a" }, body: "grant_type=client_credentials" });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get("x-request-id")).toBe("r1");
    expect(seen).toEqual({ method: "POST", url: "https://mandate.example/api/oauth/token?x=1", type: "application/x-www-form-urlencoded", custom: "a", body: "grant_type=client_credentials" });
  });

  it("adds the security headers Next.js adds to every response, without overriding the handler's", async () => {
    handler = async () => new Response("x", { headers: { "x-frame-options": "SAMEORIGIN" } });
    const res = await fetch(`${base}/`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
  });

  it("keeps several Set-Cookie headers apart", async () => {
    const headers = new Headers();
    headers.append("set-cookie", "a=1; Path=/");
    headers.append("set-cookie", "b=2; Path=/");
    handler = async () => new Response(null, { status: 204, headers });
    const res = await fetch(`${base}/`);
    expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
  });

  it("passes at most one byte more than the cap, so the handler's own size check refuses an oversized body, and closes the connection", async () => {
    let size = -1;
    handler = async (req) => {
      const text = await readCappedText(req, CAP);
      if (!text.ok) return Response.json({ error: "invalid_request", reason: text.reason }, { status: 400 });
      size = text.text.length;
      return Response.json({ size });
    };
    const ok = await fetch(`${base}/`, { method: "POST", body: "a".repeat(CAP) });
    expect(await ok.json()).toEqual({ size: CAP });
    const big = await fetch(`${base}/`, { method: "POST", body: "a".repeat(CAP * 64) });
    expect(big.status).toBe(400);
    expect(await big.json()).toEqual({ error: "invalid_request", reason: "too_large" });
    expect(big.headers.get("connection")).toBe("close");
  });

  it("answers 500 with a generic OAuth error when a handler throws, and reports the error", async () => {
    handler = async () => {
      throw new Error("boom");
    };
    const before = errors.length;
    const res = await fetch(`${base}/`, { method: "POST", body: "x" });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: "server_error", error_description: "the request could not be completed" });
    expect(errors.length).toBe(before + 1);
  });
});
