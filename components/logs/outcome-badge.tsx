import { Badge } from "@/components/ui/badge";

const OUTCOMES: Record<string, { tone: "green" | "red" | "amber" | "neutral"; label: string }> = {
  ALLOW: { tone: "green", label: "Allowed" },
  DENY: { tone: "red", label: "Denied" },
  STEP_UP: { tone: "amber", label: "Step-up" },
  SUCCESS: { tone: "neutral", label: "Succeeded" },
  FAILURE: { tone: "red", label: "Failed" },
};

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const o = OUTCOMES[outcome] ?? { tone: "neutral" as const, label: outcome };
  return <Badge tone={o.tone}>{o.label}</Badge>;
}
