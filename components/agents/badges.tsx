// How an agent's status, risk tier and ownership read everywhere they appear.
import { Badge } from "@/components/ui/badge";
import type { AgentView } from "@/lib/client/types";

const STATUS = {
  ACTIVE: { label: "Active", tone: "green" },
  SUSPENDED: { label: "Suspended", tone: "amber" },
  DECOMMISSIONED: { label: "Decommissioned", tone: "neutral" },
} as const;

export function StatusBadge({ status }: { status: AgentView["status"] }) {
  const s = STATUS[status as keyof typeof STATUS] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

const TIER = {
  LOW: { label: "Low risk", tone: "neutral" },
  HIGH: { label: "High risk", tone: "amber" },
  CRITICAL: { label: "Critical risk", tone: "red" },
} as const;

export function TierBadge({ tier }: { tier: AgentView["riskTier"] }) {
  const t = TIER[tier as keyof typeof TIER] ?? { label: tier, tone: "neutral" as const };
  return <Badge tone={t.tone}>{t.label}</Badge>;
}

export function unownedReason(ownership: AgentView["ownership"]): string | null {
  if (ownership.state !== "UNOWNED") return null;
  return ownership.reason === "OWNER_DEACTIVATED" ? "owner deactivated" : "no owner assigned";
}

/** Unowned agents are denied by policy, so the state is always spelled out. */
export function OwnershipBadge({ ownership }: { ownership: AgentView["ownership"] }) {
  if (ownership.state === "OWNED") return <Badge tone="green">Owned</Badge>;
  if (ownership.state === "PENDING") return <Badge tone="blue">Ownership pending</Badge>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <Badge tone="red">Unowned</Badge>
      <span className="text-xs text-red-800">{unownedReason(ownership)}</span>
    </span>
  );
}
