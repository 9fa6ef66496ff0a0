// What an approver needs to see beside the request itself: the agent's recent
// decisions, earlier approvals and denials for the same action, the delegation
// chain the request comes through, and — once redeemed — the credential's life.
import type { Db } from "@/lib/db/client";
import type { ExactRequest } from "./decision-input";

export async function stepUpContext(db: Db, s: { id: string; agentId: string; request: ExactRequest; credentialId: string | null }) {
  const actions = s.request.authorizationDetails[0]?.actions ?? [];
  const [recentDecisions, earlier] = await Promise.all([
    db.decision.findMany({
      where: { agentId: s.agentId },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: { id: true, outcome: true, reasons: true, createdAt: true, grantType: true, input: true },
    }),
    db.stepUpRequest.findMany({
      where: { agentId: s.agentId, id: { not: s.id }, status: { in: ["APPROVED", "REDEEMED", "DENIED", "EXPIRED", "CANCELLED"] } },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, status: true, request: true, createdAt: true, decidedAt: true, votes: { select: { vote: true, justification: true, user: { select: { name: true, email: true } } } } },
    }),
  ]);
  const sameAction = earlier
    .filter((e) => (JSON.parse(e.request) as ExactRequest).authorizationDetails[0]?.actions.some((a) => actions.includes(a)))
    .slice(0, 10)
    .map((e) => ({ id: e.id, status: e.status, createdAt: e.createdAt, decidedAt: e.decidedAt, votes: e.votes }));

  const chain: { credentialId: string; agent: { id: string; name: string; owner: { name: string; email: string } | null } }[] = [];
  let parentId = s.request.parentCredentialId;
  while (parentId && chain.length < 10) {
    const c: { id: string; parentId: string | null; agent: { id: string; name: string; currentOwnership: { owner: { name: string; email: string } } | null } } | null = await db.credential.findUnique({
      where: { id: parentId },
      select: { id: true, parentId: true, agent: { select: { id: true, name: true, currentOwnership: { select: { owner: { select: { name: true, email: true } } } } } } },
    });
    if (!c) break;
    chain.push({ credentialId: c.id, agent: { id: c.agent.id, name: c.agent.name, owner: c.agent.currentOwnership?.owner ?? null } });
    parentId = c.parentId;
  }

  const credential = s.credentialId
    ? await db.credential.findUnique({ where: { id: s.credentialId }, select: { id: true, issuedAt: true, expiresAt: true, revokedAt: true, revokeReason: true } })
    : null;

  return {
    recentDecisions: recentDecisions.map((d) => {
      const input = JSON.parse(d.input) as { request?: { actions?: string[]; audience?: string } };
      return { id: d.id, outcome: d.outcome, createdAt: d.createdAt, grantType: d.grantType, actions: input.request?.actions ?? [], audience: input.request?.audience ?? null, reasons: (JSON.parse(d.reasons) as { policyId: string }[]).map((r) => r.policyId) };
    }),
    sameAction,
    delegationChain: chain,
    credential,
  };
}
