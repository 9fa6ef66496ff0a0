// The library of shipped rules: each policy of policies/default.cedar with the
// reasoning behind it, for authors who want to reuse, adapt or understand a
// rule before changing it. The text comes from the shipped file itself, so the
// library cannot drift from what ships; only the explanations live here.
import { policySetTextToParts, policyToJson } from "./cedar-engine";

export type LibraryRule = { id: string; reason: string; effect: "permit" | "forbid"; stepUp: boolean; text: string; explanation: string };

export const RULE_EXPLANATIONS: Record<string, string> = {
  "agent-not-owned":
    "Unowned means unusable. Every agent needs an active person who was named its owner and acknowledged it; without one, nobody is accountable for what the agent does, nobody can approve its step-ups, and nobody notices when it misbehaves. The rule is a hard deny (no approval can lift it) and it also catches agents whose owner was deactivated or has not acknowledged yet.",
  "agent-not-active":
    "A suspended or decommissioned agent must not receive new credentials. Suspension is how an owner or security lead stops an agent quickly; decommissioning is final. The broker also revokes live credentials on suspension, and this rule closes the door on new ones.",
  "ceiling-audience":
    "The capability ceiling bounds the broker's own authority: whatever policy says, it never mints a credential for a system the agent was not registered for. Keep this rule; loosen an agent's ceiling in its registration instead.",
  "ceiling-action":
    "The same bound for verbs: an agent registered to read cannot obtain a credential to delete, even if another rule would permit it.",
  "ceiling-ttl":
    "An agent's registration caps how long its credentials may live. A short lifetime shrinks the abuse window of a stolen token; the broker additionally caps every lifetime at the installation's policy maximum.",
  "delegation-too-deep":
    "Each token exchange hands a narrower credential to a sub-agent. Long chains make it hard to tell who acts for whom, so the default stops at two hops. Change the literal to allow more or fewer.",
  "dpop-required":
    "High-risk and critical agents (and agents whose owner asked for it) must bind their tokens to a key with a DPoP proof, so a stolen token is useless without the agent's private key.",
  "federated-deploy-from-main":
    "Workload identity federation lets policy read the platform's own word about a workload: a CI job's OIDC token says which repository and which git ref it runs for (context.workload.claims). A deploy from a feature branch or a fork's pull request is refused outright, whatever the agent's ceiling says; only the main branch deploys. Adapt the ref (or add a repository or environment claim) to your release process; agents that authenticate with their own key carry no workload and are not affected.",
  "step-up-destructive-verb":
    "Destructive and irreversible verbs step up: a human must approve the exact request (agent, system, verbs, lifetime) before a credential exists. A mistaken approval costs a minute; an unreviewed deletion, refund or production deploy can cost far more. The list errs wide on purpose, and patterns catch variants such as bulk-delete or drop-table.",
  "step-up-production-write":
    "Anything in production that is not plainly a read is reviewed by a person. Unknown verbs count as writes, so a new verb in production is reviewed rather than trusted.",
  "allow-within-ceiling":
    "The one permit: whatever no forbid caught is allowed. Cedar denies by default, so removing or narrowing this rule denies everything it no longer matches (shown as default-deny).",
};

export function policyLibrary(defaultText: string): LibraryRule[] {
  const parts = policySetTextToParts(defaultText);
  if (parts.type === "failure") return [];
  const rules: LibraryRule[] = [];
  for (const text of parts.policies) {
    const json = policyToJson(text);
    if (json.type === "failure") continue;
    const { id, reason, stepUp } = json.json.annotations ?? {};
    if (!id) continue;
    rules.push({ id, reason: reason ?? "", effect: json.json.effect, stepUp: stepUp === "true", text: text.trim(), explanation: RULE_EXPLANATIONS[id] ?? reason ?? "" });
  }
  return rules;
}
