// Registered, owned agents and resources for broker tests, created through
// the same services people use.
import type { Actor, ServiceContext } from "@/lib/services/context";
import { registerAgent } from "@/lib/services/register-agent";
import { acknowledgeOwnership } from "@/lib/services/acknowledge-ownership";
import { registerResource } from "@/lib/services/broker/register-resource";
import { agentInput, seedUser } from "./factories";
import { newKeyPair, TestAgent, TestResource } from "./agent-client";

export type AgentOptions = {
  owner?: Actor;
  riskTier?: "LOW" | "HIGH" | "CRITICAL";
  environment?: string;
  audiences?: string[];
  actions?: string[];
  maxTtlSeconds?: number;
  acknowledge?: boolean;
  dpop?: boolean;
};

export async function ownedAgent(ctx: ServiceContext, o: AgentOptions = {}) {
  const owner = o.owner ?? (await seedUser(ctx, "OWNER"));
  const key = await newKeyPair();
  const tier = o.riskTier ?? "LOW";
  const view = await registerAgent(ctx, owner, agentInput({
    riskTier: tier,
    environment: o.environment ?? "staging",
    ceiling: { audiences: o.audiences ?? ["https://billing.internal"], actions: o.actions ?? ["read", "write", "refund", "delete"], maxTtlSeconds: o.maxTtlSeconds ?? 900 },
    jwks: { keys: [key.publicJwk] },
  }));
  if (o.acknowledge ?? true) await acknowledgeOwnership(ctx, owner, view.id);
  const dpopKey = o.dpop ?? tier !== "LOW" ? await newKeyPair() : undefined;
  return { agent: new TestAgent(view.id, key, dpopKey), owner, view };
}

const resources = new Map<string, TestResource>();

/** One registered resource per audience per test file (audiences are unique). */
export async function testResource(ctx: ServiceContext, actor: Actor, audience = "https://billing.internal") {
  const known = resources.get(audience);
  if (known) return known;
  const key = await newKeyPair();
  const r = await registerResource(ctx, actor, { name: `resource ${audience} ${Math.random().toString(36).slice(2, 8)}`, audience, jwks: { keys: [key.publicJwk] } });
  const resource = new TestResource(r.id, key);
  resources.set(audience, resource);
  return resource;
}
