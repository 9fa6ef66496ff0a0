// How access review states read everywhere: a task's decision or due-date
// outcome, a campaign's status, its scope in words, and its progress bar.
import { Badge } from "@/components/ui/badge";
import type { CampaignView, MyReviewTask } from "@/lib/client/use-access-reviews";

export function TaskOutcomeBadge({ task }: { task: Pick<MyReviewTask, "decision" | "overdueOutcome"> }) {
  if (task.decision === "KEEP") return <Badge tone="green">Kept</Badge>;
  if (task.decision === "NARROW") return <Badge tone="blue">Narrowed</Badge>;
  if (task.decision === "DECOMMISSION") return <Badge tone="neutral">Decommissioned</Badge>;
  if (task.overdueOutcome === "SUSPENDED") return <Badge tone="red">Not reviewed: suspended</Badge>;
  if (task.overdueOutcome === "FLAGGED") return <Badge tone="amber">Not reviewed: flagged</Badge>;
  if (task.overdueOutcome === "ALREADY_INACTIVE") return <Badge tone="neutral">Not reviewed (already inactive)</Badge>;
  return <Badge tone="accent">To review</Badge>;
}

export function CampaignStatusBadge({ status }: { status: CampaignView["status"] }) {
  return status === "OPEN" ? <Badge tone="blue">Open</Badge> : <Badge tone="neutral">Closed</Badge>;
}

const TIERS: Record<string, string> = { LOW: "low-risk", HIGH: "high-risk", CRITICAL: "critical-risk" };

export function scopeText(scope: CampaignView["scope"], people: Record<string, string> = {}): string {
  switch (scope.kind) {
    case "ALL":
      return "All agents";
    case "TIER":
      return `All ${TIERS[scope.tier] ?? scope.tier} agents`;
    case "ENVIRONMENT":
      return `All agents in ${scope.environment}`;
    case "OWNER":
      return `Agents of ${people[scope.ownerId] ?? "one owner"}`;
    case "AGENTS":
      return `${scope.agentIds.length} selected agent${scope.agentIds.length === 1 ? "" : "s"}`;
  }
}

export function ProgressBar({ progress, label }: { progress: CampaignView["progress"]; label: string }) {
  return (
    <div className="min-w-40">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress.percent}
        aria-valuetext={`${progress.decided} of ${progress.total} reviewed`}
        className="h-2 overflow-hidden rounded-full bg-zinc-200"
      >
        <div className="h-full bg-accent-600" style={{ width: `${progress.percent}%` }} />
      </div>
      <p className="mt-1 text-xs text-zinc-600">
        {progress.decided} of {progress.total} reviewed ({progress.percent}%)
      </p>
    </div>
  );
}
