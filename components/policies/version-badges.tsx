import { Badge } from "@/components/ui/badge";

export function VersionStatusBadge({ status }: { status: "ACTIVE" | "SUPERSEDED" }) {
  return status === "ACTIVE" ? <Badge tone="green">Active</Badge> : <Badge>Superseded</Badge>;
}

const DRAFT_TONES = { DRAFT: "neutral", PROPOSED: "amber", ACTIVATED: "green", DISCARDED: "neutral" } as const;
const DRAFT_LABELS = { DRAFT: "Draft", PROPOSED: "Proposed", ACTIVATED: "Activated", DISCARDED: "Discarded" } as const;

export function DraftStatusBadge({ status }: { status: keyof typeof DRAFT_TONES }) {
  return <Badge tone={DRAFT_TONES[status]}>{DRAFT_LABELS[status]}</Badge>;
}

const OUTCOME_TONES = { ALLOW: "green", STEP_UP: "amber", DENY: "red" } as const;
const OUTCOME_LABELS = { ALLOW: "Allow", STEP_UP: "Step-up", DENY: "Deny" } as const;

export function OutcomeBadge({ outcome }: { outcome: keyof typeof OUTCOME_TONES }) {
  return <Badge tone={OUTCOME_TONES[outcome]}>{OUTCOME_LABELS[outcome]}</Badge>;
}
