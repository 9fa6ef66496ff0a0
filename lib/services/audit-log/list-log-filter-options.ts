// What the log's filter lists offer: agents (decommissioned ones too — their
// history stays searchable), the people who can be named owner, and the
// policy-set versions that exist.
import { requirePermission } from "../require-permission";
import type { Actor, ServiceContext } from "../context";

const MAX_AGENTS = 2000;

export async function listLogFilterOptions(ctx: ServiceContext, actor: Actor) {
  requirePermission(actor, "audit:read");
  const [agents, people, versions] = await Promise.all([
    ctx.db.agentIdentity.findMany({ orderBy: { nameKey: "asc" }, take: MAX_AGENTS, select: { id: true, name: true, status: true } }),
    ctx.db.user.findMany({ where: { role: { not: "AUDITOR" } }, orderBy: { name: "asc" }, select: { id: true, name: true, active: true } }),
    ctx.db.policySet.findMany({ orderBy: { version: "desc" }, select: { version: true } }),
  ]);
  return {
    agents: agents.map((a) => ({ value: a.id, label: a.status === "DECOMMISSIONED" ? `${a.name} (decommissioned)` : a.name })),
    owners: people.map((p) => ({ value: p.id, label: p.active ? p.name : `${p.name} (deactivated)` })),
    policyVersions: versions.map((v) => v.version),
  };
}
