// An agent's federated subjects (workload identity federation): written as a
// whole, inside the transaction that registers or changes the agent, which
// records them in its own evidence.
import { invalidField } from "@/lib/errors";
import type { Tx } from "@/lib/db/client";
import type { TFederatedSubject } from "@/lib/schemas/trust";

/** The evidence form of a set of bindings: what the agent is bound to, without ids. */
export type BindingSummary = { trustConfigurationId: string; subject: string; requiredClaims: Record<string, string> }[];

export async function replaceFederatedBindings(tx: Tx, agentId: string, subjects: TFederatedSubject[], now: Date): Promise<BindingSummary> {
  const trustIds = [...new Set(subjects.map((s) => s.trustConfigurationId))];
  const found = new Set((await tx.trustConfiguration.findMany({ where: { id: { in: trustIds } }, select: { id: true } })).map((t) => t.id));
  subjects.forEach((s, i) => {
    if (!found.has(s.trustConfigurationId)) throw invalidField(`federatedSubjects[${i}].trustConfigurationId`, "names no trust configuration");
  });
  const seen = new Set<string>();
  subjects.forEach((s, i) => {
    const key = JSON.stringify([s.trustConfigurationId, s.subject, Object.entries(s.requiredClaims).sort()]);
    if (seen.has(key)) throw invalidField(`federatedSubjects[${i}]`, "is the same binding as an earlier one");
    seen.add(key);
  });
  // Bindings are configuration, not evidence: the agent's audit events keep what they were.
  await tx.federatedBinding.deleteMany({ where: { agentId } });
  for (const s of subjects) {
    await tx.federatedBinding.create({ data: { agentId, trustConfigurationId: s.trustConfigurationId, subject: s.subject, requiredClaims: JSON.stringify(sortedClaims(s.requiredClaims)), createdAt: now } });
  }
  return subjects.map((s) => ({ trustConfigurationId: s.trustConfigurationId, subject: s.subject, requiredClaims: sortedClaims(s.requiredClaims) }));
}

const sortedClaims = (c: Record<string, string>) => Object.fromEntries(Object.entries(c).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
