import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "./content-security-policy";

const NONCE = "bm9uY2Utbm9uY2Utbm9uY2U=";
const directives = (csp: string) => Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("contentSecurityPolicy", () => {
  it("allows scripts only with the nonce, and nothing inline, eval'd or foreign", () => {
    const d = directives(contentSecurityPolicy({ nonce: NONCE, development: false, https: false }));
    expect(d["script-src"]).toEqual(["'self'", `'nonce-${NONCE}'`, "'strict-dynamic'"]);
    expect(d["script-src"]).not.toContain("'unsafe-inline'");
    expect(d["object-src"]).toEqual(["'none'"]);
    expect(d["base-uri"]).toEqual(["'none'"]);
    expect(d["frame-ancestors"]).toEqual(["'none'"]);
    expect(d["form-action"]).toEqual(["'self'"]);
    expect(d["connect-src"]).toEqual(["'self'"]);
    expect(d["upgrade-insecure-requests"]).toBeUndefined();
  });

  it("upgrades insecure requests over https and lets the SSO provider receive the sign-in redirect", () => {
    const d = directives(contentSecurityPolicy({ nonce: NONCE, development: false, https: true, formActionOrigins: ["https://idp.example.com"] }));
    expect(d["upgrade-insecure-requests"]).toEqual([]);
    expect(d["form-action"]).toEqual(["'self'", "https://idp.example.com"]);
  });

  it("allows eval and the dev server's socket only in development", () => {
    const d = directives(contentSecurityPolicy({ nonce: NONCE, development: true, https: false }));
    expect(d["script-src"]).toContain("'unsafe-eval'");
    expect(d["connect-src"]).toEqual(["'self'", "ws:", "wss:"]);
  });

  it("refuses a nonce that could break out of the header", () => {
    expect(() => contentSecurityPolicy({ nonce: "short", development: false, https: false })).toThrow();
    expect(() => contentSecurityPolicy({ nonce: "abcdefghijklmnop'; script-src *", development: false, https: false })).toThrow();
  });
});
