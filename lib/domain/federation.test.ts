import { describe, expect, it } from "vitest";
import {
  checkRequiredClaims,
  claimAt,
  instanceIdFrom,
  isAllowedIssuerUrl,
  mapToAgent,
  matchesSubject,
  spiffeTrustDomainOf,
  subjectPatternProblem,
  workloadClaims,
  type Binding,
} from "./federation";

describe("matchesSubject", () => {
  const GH = "repo:acme/app:ref:refs/heads/main";
  it.each([
    // exact
    [GH, GH, true],
    [GH, `${GH}x`, false],
    [GH, GH.toUpperCase(), false],
    ["repo:acme/app", "repo:acme/app:ref:refs/heads/main", false],
    // trailing wildcard: crosses / and :
    ["repo:acme/app:*", GH, true],
    ["repo:acme/app:*", "repo:acme/app:", true],
    ["repo:acme/app:*", "repo:acme/application:ref:x", false],
    ["repo:acme/app:*", "repo:acme/app", false],
    // leading wildcard
    ["*:ref:refs/heads/main", GH, true],
    ["*:ref:refs/heads/main", "repo:acme/app:ref:refs/heads/mainx", false],
    // middle wildcards, in order
    ["repo:acme/*:ref:refs/heads/main", GH, true],
    ["repo:acme/*:ref:refs/heads/main", "repo:acme/a/b/c:ref:refs/heads/main", true],
    ["repo:*:ref:*", GH, true],
    ["repo:*:ref:*", "repo:acme/app:environment:prod", false],
    ["a*b*c", "abc", true],
    ["a*b*c", "acb", false],
    ["a*b*c", "aXbYbZc", true],
    // prefix and suffix must not overlap
    ["ab*ba", "aba", false],
    ["ab*ba", "abba", true],
    // a middle literal may not eat into the suffix
    ["x*yz*z", "xyz", false],
    ["x*yz*z", "xyzz", true],
    ["x*yz*z", "xyzaz", true],
    // kubernetes and spiffe
    ["system:serviceaccount:ci:*", "system:serviceaccount:ci:deployer", true],
    ["system:serviceaccount:ci:*", "system:serviceaccount:cix:deployer", false],
    ["spiffe://example.org/ns/*/sa/deployer", "spiffe://example.org/ns/prod/sa/deployer", true],
    ["spiffe://example.org/ns/*/sa/deployer", "spiffe://example.org/ns/prod/sa/deployer2", false],
    // regex metacharacters are literal
    ["repo:a.b/*", "repo:aXb/c", false],
    ["repo:a.b/*", "repo:a.b/c", true],
    ["a+(b)?$", "a+(b)?$", true],
    ["a+(b)?$", "aab", false],
  ])("%s ~ %s → %s", (pattern, subject, want) => {
    expect(matchesSubject(pattern, subject)).toBe(want);
  });

  it("stays fast on adversarial input (no backtracking)", () => {
    const subject = "a".repeat(100_000);
    const started = performance.now();
    expect(matchesSubject("a*a*a*a*a*a*a*a*a*b", subject)).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe("subjectPatternProblem", () => {
  it("accepts exact subjects and patterns that name part of the subject", () => {
    expect(subjectPatternProblem("repo:acme/app:*")).toBeNull();
    expect(subjectPatternProblem("system:serviceaccount:ci:deployer")).toBeNull();
  });
  it.each([
    ["", /empty/],
    ["*", /at least three/],
    ["a*b", /at least three/],
    ["repo:**", /\*\*/],
    ["x".repeat(513), /512/],
    ["repo:\u0000x", /control/],
  ])("refuses %j", (pattern, why) => {
    expect(subjectPatternProblem(pattern)).toMatch(why);
  });
});

describe("checkRequiredClaims", () => {
  const claims = { repository: "acme/app", ref: "refs/heads/main", run_number: 42, fork: false, aud: ["a", "b"], "kubernetes.io": { namespace: "ci", pod: { uid: "p-1" } } };
  it("holds when every required claim has exactly the value", () => {
    expect(checkRequiredClaims({}, claims)).toEqual({ ok: true });
    expect(checkRequiredClaims({ repository: "acme/app", ref: "refs/heads/main" }, claims)).toEqual({ ok: true });
    expect(checkRequiredClaims({ run_number: "42", fork: "false" }, claims)).toEqual({ ok: true });
    expect(checkRequiredClaims({ "kubernetes.io.namespace": "ci", "kubernetes.io.pod.uid": "p-1" }, claims)).toEqual({ ok: true });
  });
  it("names the first (alphabetical) claim that is missing or different", () => {
    expect(checkRequiredClaims({ ref: "refs/heads/dev", repository: "acme/app" }, claims)).toEqual({ ok: false, claim: "ref", problem: "mismatch" });
    expect(checkRequiredClaims({ environment: "prod" }, claims)).toEqual({ ok: false, claim: "environment", problem: "missing" });
    expect(checkRequiredClaims({ repository: "ACME/app" }, claims)).toEqual({ ok: false, claim: "repository", problem: "mismatch" });
    expect(checkRequiredClaims({ "kubernetes.io.namespace": "prod" }, claims)).toEqual({ ok: false, claim: "kubernetes.io.namespace", problem: "mismatch" });
  });
  it("never satisfies a requirement with an array, object or null", () => {
    expect(checkRequiredClaims({ aud: "a" }, claims)).toMatchObject({ ok: false, problem: "mismatch" });
    expect(checkRequiredClaims({ "kubernetes.io": "[object Object]" }, claims)).toMatchObject({ ok: false, problem: "mismatch" });
    expect(checkRequiredClaims({ x: "null" }, { x: null })).toMatchObject({ ok: false, problem: "mismatch" });
  });
  it("does not read inherited properties", () => {
    expect(checkRequiredClaims({ constructor: "x" }, {})).toEqual({ ok: false, claim: "constructor", problem: "missing" });
    expect(claimAt({}, "toString")).toBeUndefined();
  });
});

describe("mapToAgent", () => {
  const b = (id: string, agentId: string, subject: string, requiredClaims: Record<string, string> = {}): Binding => ({ id, agentId, subject, requiredClaims });
  const claims = { repository: "acme/app", ref: "refs/heads/main" };
  it("maps to the one agent whose binding matches", () => {
    const bindings = [b("b1", "agent-a", "repo:acme/app:*", { ref: "refs/heads/main" }), b("b2", "agent-b", "repo:acme/other:*")];
    expect(mapToAgent(bindings, "repo:acme/app:ref:refs/heads/main", claims)).toEqual({ kind: "mapped", agentId: "agent-a", bindingId: "b1" });
  });
  it("treats two matching bindings of one agent as one agent", () => {
    const bindings = [b("b1", "agent-a", "repo:acme/app:*"), b("b2", "agent-a", "repo:acme/*")];
    expect(mapToAgent(bindings, "repo:acme/app:ref:refs/heads/main", claims)).toMatchObject({ kind: "mapped", agentId: "agent-a" });
  });
  it("is ambiguous when bindings of two agents match", () => {
    const bindings = [b("b1", "agent-b", "repo:acme/app:*"), b("b2", "agent-a", "repo:acme/*")];
    expect(mapToAgent(bindings, "repo:acme/app:ref:refs/heads/main", claims)).toEqual({ kind: "ambiguous", agentIds: ["agent-a", "agent-b"] });
  });
  it("is unmapped when no subject matches, or claims fail (naming the first near miss)", () => {
    expect(mapToAgent([b("b1", "agent-a", "repo:acme/other:*")], "repo:acme/app:x", claims)).toEqual({ kind: "unmapped", closest: null });
    expect(mapToAgent([b("b1", "agent-a", "repo:acme/app:*", { ref: "refs/heads/release" })], "repo:acme/app:x", claims)).toEqual({
      kind: "unmapped",
      closest: { bindingId: "b1", claim: "ref", problem: "mismatch" },
    });
    expect(mapToAgent([], "anything", claims)).toEqual({ kind: "unmapped", closest: null });
  });
});

describe("issuers and trust domains", () => {
  it.each([
    ["https://token.actions.githubusercontent.com", true],
    ["https://kubernetes.default.svc.cluster.local", true],
    ["http://127.0.0.1:8080", true],
    ["http://localhost:9999/issuer", true],
    ["http://[::1]:9999", true],
    ["http://issuer.example.com", false],
    ["http://10.0.0.1", false],
    ["https://user:pw@issuer.example.com", false],
    ["https://issuer.example.com/#frag", false],
    ["ftp://issuer.example.com", false],
    ["not a url", false],
  ])("%s allowed: %s", (url, want) => {
    expect(isAllowedIssuerUrl(url)).toBe(want);
  });
  it("finds the trust domain of a SPIFFE ID", () => {
    expect(spiffeTrustDomainOf("spiffe://example.org/ns/ci/sa/deployer")).toBe("spiffe://example.org");
    expect(spiffeTrustDomainOf("spiffe://example.org")).toBeNull();
    expect(spiffeTrustDomainOf("https://example.org/x")).toBeNull();
    expect(spiffeTrustDomainOf("spiffe://Example.org/x")).toBeNull();
  });
});

describe("what policy sees", () => {
  it("flattens scalar claims to strings, nested objects with dotted names, and drops arrays", () => {
    const w = workloadClaims({ sub: "s", ref: "refs/heads/main", run_number: 7, fork: false, aud: ["x"], "kubernetes.io": { namespace: "ci", pod: { uid: "p-1" } }, huge: "x".repeat(600), "bad name!": "v" });
    expect(w).toEqual({ fork: "false", "kubernetes.io.namespace": "ci", "kubernetes.io.pod.uid": "p-1", ref: "refs/heads/main", run_number: "7", sub: "s" });
    expect(Object.keys(workloadClaims(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`c${i}`, "v"]))))).toHaveLength(64);
  });
  it("reads the instance id from the configured claim, or none", () => {
    const claims = { run_id: 991, "kubernetes.io": { pod: { uid: "pod-uid-1" } }, obj: { a: 1 } };
    expect(instanceIdFrom(claims, "run_id")).toBe("991");
    expect(instanceIdFrom(claims, "kubernetes.io.pod.uid")).toBe("pod-uid-1");
    expect(instanceIdFrom(claims, null)).toBeNull();
    expect(instanceIdFrom(claims, "missing")).toBeNull();
    expect(instanceIdFrom(claims, "obj")).toBeNull();
  });
});
