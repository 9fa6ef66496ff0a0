"use client";
// How a step-up request's state reads everywhere it appears.
import { Badge } from "@/components/ui/badge";
import { formatCountdown, useNow } from "@/lib/client/use-now";
import type { StepUpStatus } from "@/lib/client/step-up-types";

const STATUS: Record<StepUpStatus, { label: string; tone: "blue" | "green" | "red" | "amber" | "neutral" }> = {
  PENDING: { label: "Pending", tone: "blue" },
  APPROVED: { label: "Approved", tone: "green" },
  REDEEMED: { label: "Redeemed", tone: "green" },
  DENIED: { label: "Denied", tone: "red" },
  EXPIRED: { label: "Expired", tone: "amber" },
  CANCELLED: { label: "Cancelled", tone: "neutral" },
};

export function StepUpStatusBadge({ status }: { status: StepUpStatus }) {
  const s = STATUS[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

/**
 * A live countdown to `expiresAt`. role="timer" keeps screen readers from
 * announcing every second; the text is there when someone reads it.
 */
export function TimeLeft({ expiresAt, suffix = " left" }: { expiresAt: string; suffix?: string }) {
  const now = useNow();
  const ms = new Date(expiresAt).getTime() - (now ?? 0);
  if (now === null) return <span className="text-zinc-400">—</span>;
  if (ms <= 0) return <span role="timer" className="font-medium text-amber-800">Expired</span>;
  const urgent = ms < 60_000;
  return (
    <span role="timer" className={`font-mono tabular-nums ${urgent ? "font-semibold text-red-700" : "text-zinc-800"}`}>
      {formatCountdown(ms)}
      <span className="font-sans">{suffix}</span>
    </span>
  );
}

/** "1 of 2 approvals": where the quorum stands. */
export function QuorumProgress({ approvals, quorum }: { approvals: number; quorum: number }) {
  return (
    <span className="whitespace-nowrap">
      <span className="font-semibold tabular-nums">{approvals}</span>/<span className="tabular-nums">{quorum}</span>
      <span className="sr-only"> approvals</span>
    </span>
  );
}
