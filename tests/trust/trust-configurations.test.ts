// Trust configurations (workload identity federation) and agents bound to
// federated subjects: validation per kind, evidence for every change, and
// agents that register no key of their own.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { agentInput, seedUser } from "@/tests/support/factories";
import { jwksOf, newIssuerKey } from "@/tests/support/platform-issuer";
import { eventsOfType, itLeavesAnIntactAuditChain } from "@/tests/broker/evidence";
import { AppError } from "@/lib/errors";
import { ZCreateTrust, ZFederatedSubject } from "@/lib/schemas/trust";
import { createTrustConfiguration } from "@/lib/services/trust/create-trust-configuration";
import { updateTrustConfiguration } from "@/lib/services/trust/update-trust-configuration";
import { deleteTrustConfiguration } from "@/lib/services/trust/delete-trust-configuration";
import { getTrustConfiguration, listTrustConfigurations } from "@/lib/services/trust/trust-configurations";
import { registerAgent } from "@/lib/services/register-agent";
import { updateAgent } from "@/lib/services/update-agent";
import type { Actor } from "@/lib/services/context";

const t = useTestDatabase();
let admin: Actor;
let lead: Actor;
let owner: Actor;
let auditor: Actor;
const AUD = "https://mandate.example.test";

beforeAll(async () => {
  [admin, lead, owner, auditor] = await Promise.all([seedUser(t.ctx(), "ADMIN"), seedUser(t.ctx(), "SECURITY_LEAD"), seedUser(t.ctx(), "OWNER"), seedUser(t.ctx(), "AUDITOR")]);
});

const oidcInput = (o: Record<string, unknown> = {}) => ZCreateTrust.parse({ name: `GitHub ${Math.random().toString(36).slice(2, 8)}`, kind: "OIDC", issuer: "https://token.actions.githubusercontent.com", audiences: [AUD], ...o });

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe("creating trust configurations", () => {
  it("OIDC, static JWKS and SPIFFE, each audited", async () => {
    const key = await newIssuerKey("RS256");
    const a = await createTrustConfiguration(t.ctx(), admin, oidcInput({ issuer: "https://token.actions.githubusercontent.com/", instanceClaim: "run_id" }));
    expect(a).toMatchObject({ kind: "OIDC", issuer: "https://token.actions.githubusercontent.com", jwks: null, audiences: [AUD], clockSkewSeconds: 60, instanceClaim: "run_id", boundAgents: 0 });
    const b = await createTrustConfiguration(t.ctx(), lead, ZCreateTrust.parse({ name: "cluster", kind: "STATIC_JWKS", issuer: "https://kubernetes.default.svc.cluster.local", jwks: JSON.stringify(jwksOf(key)), audiences: [AUD], clockSkewSeconds: 0 }));
    expect(b.keyIds).toEqual([key.kid]);
    // Only public members are kept.
    expect(Object.keys(b.jwks!.keys[0]).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
    const c = await createTrustConfiguration(t.ctx(), admin, ZCreateTrust.parse({ name: "spiffe", kind: "SPIFFE", issuer: "spiffe://example.org", jwks: jwksOf(await newIssuerKey("ES256")), audiences: [AUD] }));
    expect(c.kind).toBe("SPIFFE");
    const events = await eventsOfType(t.db, "trust.created");
    expect(events.map((e) => e.targetId)).toEqual([a.id, b.id, c.id]);
    expect(events[0]).toMatchObject({ actorId: admin.id, data: { kind: "OIDC", issuer: a.issuer, audiences: [AUD], instanceClaim: "run_id" } });
    expect((await listTrustConfigurations(t.ctx(), auditor)).map((x) => x.id)).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    expect(await getTrustConfiguration(t.ctx(), owner, b.id)).toMatchObject({ id: b.id, kind: "STATIC_JWKS" });
  });

  it("refuses issuers and key sets that do not fit the kind", async () => {
    const key = await newIssuerKey("ES256");
    const cases: [Record<string, unknown>, string][] = [
      [{ issuer: "http://issuer.example.com" }, "issuer"],
      [{ issuer: "http://10.1.2.3" }, "issuer"],
      [{ issuer: "https://user:pw@issuer.example.com" }, "issuer"],
      [{ jwks: jwksOf(key) }, "jwks"],
      [{ kind: "STATIC_JWKS", issuer: "https://k8s.example" }, "jwks"],
      [{ kind: "STATIC_JWKS", issuer: "no-scheme", jwks: jwksOf(key) }, "issuer"],
      [{ kind: "STATIC_JWKS", issuer: "https://k8s.example", jwks: { keys: [{ kty: "oct", k: "c2VjcmV0" }] } }, "jwks"],
      [{ kind: "STATIC_JWKS", issuer: "https://k8s.example", jwks: { keys: [{ ...key.publicJwk, d: "x" }] } }, "jwks"],
      [{ kind: "STATIC_JWKS", issuer: "https://k8s.example", jwks: { keys: [{ ...key.publicJwk, alg: "HS256" }] } }, "jwks"],
      [{ kind: "SPIFFE", issuer: "spiffe://example.org/path", jwks: jwksOf(key) }, "issuer"],
      [{ kind: "SPIFFE", issuer: "https://example.org", jwks: jwksOf(key) }, "issuer"],
    ];
    for (const [o, field] of cases) {
      const e = await refusal(createTrustConfiguration(t.ctx(), admin, oidcInput(o)));
      expect(e.invalidParams?.[0].name, JSON.stringify(o)).toBe(field);
    }
  });

  it("bounds the clock skew and needs an audience (zod at the boundary)", () => {
    expect(ZCreateTrust.safeParse({ name: "x", kind: "OIDC", issuer: "https://i.example", audiences: [AUD], clockSkewSeconds: 301 }).success).toBe(false);
    expect(ZCreateTrust.safeParse({ name: "x", kind: "OIDC", issuer: "https://i.example", audiences: [AUD], clockSkewSeconds: -1 }).success).toBe(false);
    expect(ZCreateTrust.safeParse({ name: "x", kind: "OIDC", issuer: "https://i.example", audiences: [] }).success).toBe(false);
    expect(ZCreateTrust.safeParse({ name: "x", kind: "JWT", issuer: "https://i.example", audiences: [AUD] }).success).toBe(false);
    expect(ZCreateTrust.safeParse({ name: "x", kind: "OIDC", issuer: "https://i.example", audiences: [AUD], instanceClaim: "bad claim!" }).success).toBe(false);
  });

  it("refuses a second configuration for the same issuer, and people without trust:manage", async () => {
    await createTrustConfiguration(t.ctx(), admin, oidcInput({ issuer: "https://dup.example" }));
    expect((await refusal(createTrustConfiguration(t.ctx(), admin, oidcInput({ issuer: "https://dup.example" })))).code).toBe("conflict");
    expect((await refusal(createTrustConfiguration(t.ctx(), owner, oidcInput({ issuer: "https://o.example" })))).code).toBe("forbidden");
    expect((await refusal(createTrustConfiguration(t.ctx(), auditor, oidcInput({ issuer: "https://a.example" })))).code).toBe("forbidden");
  });
});

describe("changing and removing trust configurations", () => {
  it("records what changed from what to what", async () => {
    const c = await createTrustConfiguration(t.ctx(), admin, oidcInput({ issuer: "https://change.example" }));
    const after = await updateTrustConfiguration(t.ctx(), lead, c.id, { audiences: [AUD, "https://other.example"], clockSkewSeconds: 5, instanceClaim: "run_id" });
    expect(after).toMatchObject({ audiences: [AUD, "https://other.example"], clockSkewSeconds: 5, instanceClaim: "run_id" });
    const [event] = await eventsOfType(t.db, "trust.updated", { targetId: c.id });
    expect(event.data.changes).toEqual({ audiences: { from: [AUD], to: [AUD, "https://other.example"] }, clockSkewSeconds: { from: 60, to: 5 }, instanceClaim: { from: null, to: "run_id" } });
    // The kind's rules apply to a changed issuer too.
    expect((await refusal(updateTrustConfiguration(t.ctx(), admin, c.id, { issuer: "http://not-loopback.example" }))).invalidParams?.[0].name).toBe("issuer");
  });

  it("refuses to remove an issuer agents are bound to, until they are unbound", async () => {
    const c = await createTrustConfiguration(t.ctx(), admin, oidcInput({ issuer: "https://bound.example" }));
    const agent = await registerAgent(t.ctx(), owner, agentInput({ jwks: undefined, federatedSubjects: [{ trustConfigurationId: c.id, subject: "repo:acme/app:*" }] }));
    const e = await refusal(deleteTrustConfiguration(t.ctx(), admin, c.id));
    expect(e.code).toBe("conflict");
    expect(e.invalidParams?.[0].reason).toContain(agent.id);
    // Unbinding the agent's last way to authenticate is refused; giving it a key first works.
    expect((await refusal(updateAgent(t.ctx(), owner, agent.id, { federatedSubjects: [] }))).invalidParams?.[0].name).toBe("federatedSubjects");
    await updateAgent(t.ctx(), owner, agent.id, { federatedSubjects: [], jwks: agentInput().jwks });
    expect(await deleteTrustConfiguration(t.ctx(), admin, c.id)).toEqual({ id: c.id, deleted: true });
    expect(await eventsOfType(t.db, "trust.deleted", { targetId: c.id })).toHaveLength(1);
    expect((await refusal(getTrustConfiguration(t.ctx(), admin, c.id))).code).toBe("not_found");
  });
});

describe("agents bound to federated subjects", () => {
  let trustId: string;
  beforeAll(async () => {
    trustId = (await createTrustConfiguration(t.ctx(), admin, oidcInput({ issuer: "https://agents.example" }))).id;
  });

  it("register with no key of their own; the binding is in the view and the evidence", async () => {
    const a = await registerAgent(t.ctx(), owner, agentInput({ jwks: undefined, federatedSubjects: [{ trustConfigurationId: trustId, subject: "repo:acme/app:ref:refs/heads/main", requiredClaims: { repository: "acme/app", ref: "refs/heads/main" } }] }));
    expect(a.jwks).toEqual({ keys: [] });
    expect(a.federatedSubjects).toEqual([
      expect.objectContaining({ trustConfigurationId: trustId, kind: "OIDC", issuer: "https://agents.example", subject: "repo:acme/app:ref:refs/heads/main", requiredClaims: { ref: "refs/heads/main", repository: "acme/app" } }),
    ]);
    const [event] = await eventsOfType(t.db, "agent.registered", { targetId: a.id });
    expect(event.data.federatedSubjects).toEqual([{ trustConfigurationId: trustId, subject: "repo:acme/app:ref:refs/heads/main", requiredClaims: { ref: "refs/heads/main", repository: "acme/app" } }]);
    // An empty key set counts as none.
    const b = await registerAgent(t.ctx(), owner, agentInput({ jwks: { keys: [] }, federatedSubjects: [{ trustConfigurationId: trustId, subject: "repo:acme/b:*" }] }));
    expect(b.jwks.keys).toEqual([]);
  });

  it("still need a key when they have no binding, and a binding must name a trust configuration", async () => {
    expect((await refusal(registerAgent(t.ctx(), owner, agentInput({ jwks: undefined })))).invalidParams?.[0]).toMatchObject({ name: "jwks", reason: expect.stringMatching(/federated subject/) });
    expect((await refusal(registerAgent(t.ctx(), owner, agentInput({ jwks: undefined, federatedSubjects: [{ trustConfigurationId: "nope", subject: "repo:x:*" }] })))).invalidParams?.[0].name).toBe(
      "federatedSubjects[0].trustConfigurationId",
    );
  });

  it("change their bindings, audited from → to", async () => {
    const a = await registerAgent(t.ctx(), owner, agentInput({ federatedSubjects: [{ trustConfigurationId: trustId, subject: "repo:acme/c:*" }] }));
    const after = await updateAgent(t.ctx(), owner, a.id, { federatedSubjects: [{ trustConfigurationId: trustId, subject: "repo:acme/c:ref:refs/heads/main", requiredClaims: { ref: "refs/heads/main" } }] });
    expect(after.federatedSubjects.map((s) => s.subject)).toEqual(["repo:acme/c:ref:refs/heads/main"]);
    const [event] = await eventsOfType(t.db, "agent.updated", { targetId: a.id });
    expect(event.data.changes.federatedSubjects).toEqual({
      from: [{ trustConfigurationId: trustId, subject: "repo:acme/c:*", requiredClaims: {} }],
      to: [{ trustConfigurationId: trustId, subject: "repo:acme/c:ref:refs/heads/main", requiredClaims: { ref: "refs/heads/main" } }],
    });
  });

  it("validates subjects and required claims at the boundary", () => {
    expect(ZFederatedSubject.safeParse({ trustConfigurationId: "t1", subject: "*" }).success).toBe(false);
    expect(ZFederatedSubject.safeParse({ trustConfigurationId: "t1", subject: "repo:**" }).success).toBe(false);
    expect(ZFederatedSubject.safeParse({ trustConfigurationId: "t1", subject: "repo:a/b:*", requiredClaims: { "bad name": "x" } }).success).toBe(false);
    expect(ZFederatedSubject.safeParse({ trustConfigurationId: "t1", subject: "repo:a/b:*", requiredClaims: { ref: "" } }).success).toBe(false);
    expect(ZFederatedSubject.parse({ trustConfigurationId: "t1", subject: " repo:a/b:* " })).toEqual({ trustConfigurationId: "t1", subject: "repo:a/b:*", requiredClaims: {} });
  });
});

itLeavesAnIntactAuditChain(t);
