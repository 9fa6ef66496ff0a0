"use client";
// One step-up request: what is asked and why, the decision controls for those
// who may decide it, where the quorum stands, and the agent's record. The page
// keeps itself current while the request can still change.
import Link from "next/link";
import { errorMessage } from "@/lib/client/api";
import type { StepUpDetail } from "@/lib/client/step-up-types";
import { useDecideStepUp } from "@/lib/client/use-step-up-decision";
import { useNow } from "@/lib/client/use-now";
import { useStepUp } from "@/lib/client/use-step-ups";
import { Alert } from "@/components/ui/alert";
import { Panel, PageHeader } from "@/components/ui/page-header";
import { useCan, useViewer } from "@/components/viewer-context";
import { TierBadge } from "@/components/agents/badges";
import { DecideForm, RefusalAlert } from "./decide-form";
import { DelegationChainPanel, RecentDecisionsPanel, SameActionPanel } from "./history-panels";
import { CredentialPanel, StatusBanner, VotesPanel } from "./outcome-panels";
import { AgentPanel, DigestPanel, ReasonsPanel, RequestPanel } from "./request-panels";
import { StepUpStatusBadge, TimeLeft } from "./step-up-badges";

/** Why there are no decision controls, when the request is still open. */
function NoDecisionNote({ stepUp }: { stepUp: StepUpDetail }) {
  const viewer = useViewer();
  const decidesOwn = useCan("step-ups:decide-own");
  const decidesAny = useCan("step-ups:decide-any");
  const mine = stepUp.votes.find((v) => v.user.id === viewer.id);
  let text: string;
  if (mine) {
    const more = Math.max(0, stepUp.quorum - stepUp.approvals);
    text = `You ${mine.vote === "APPROVE" ? "approved" : "denied"} this request. ${more > 0 ? `It needs ${more} more approval${more > 1 ? "s" : ""} from someone else.` : ""}`;
  } else if (!decidesOwn && !decidesAny) {
    text = "Your role can review step-up requests but not decide them.";
  } else {
    text = "Only the agent's owner, its backup owner, security leads and admins can decide this request.";
  }
  return (
    <Panel title="Your decision">
      <p className="text-sm text-zinc-700">{text}</p>
    </Panel>
  );
}

export function StepUpDetailView({ id }: { id: string }) {
  const { data: s, error, isPending } = useStepUp(id);
  const decide = useDecideStepUp(id);
  const now = useNow();
  if (isPending) return <p className="text-sm text-zinc-500">Loading request…</p>;
  if (!s) return <Alert tone="error">{errorMessage(error)}</Alert>;
  const entry = s.request.authorizationDetails[0];
  // The expiry job runs every few seconds; the clock closes the form at once.
  const open = s.status === "PENDING" && (now === null || new Date(s.expiresAt).getTime() > now);
  const lastVote = decide.isSuccess ? decide.variables?.vote : undefined;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/approvals" className="text-accent-700 hover:underline">
          Approvals
        </Link>
        <span aria-hidden className="mx-1.5 text-zinc-400">/</span>
        <span className="text-zinc-600">{s.agent.name}</span>
      </nav>
      <PageHeader
        title={`${s.agent.name} asks to ${entry?.actions.join(", ") ?? "act"}`}
        description={
          <span className="mt-1 flex flex-wrap items-center gap-2">
            <StepUpStatusBadge status={s.status} />
            <TierBadge tier={s.agent.riskTier} />
            <span className="text-zinc-500">{s.agent.environment}</span>
            {(s.status === "PENDING" || s.status === "APPROVED") && <TimeLeft expiresAt={s.expiresAt} />}
          </span>
        }
      />
      <div className="mb-6 space-y-3">
        <StatusBanner stepUp={s} />
        {lastVote && (
          <Alert tone="success">
            Your {lastVote === "approve" ? "approval" : "denial"} was recorded.
          </Alert>
        )}
        <RefusalAlert error={decide.error} />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="min-w-0 space-y-6">
          <RequestPanel stepUp={s} />
          <ReasonsPanel reasons={s.reasons} />
          <DigestPanel digest={s.requestDigest} />
        </div>
        <div className="min-w-0 space-y-6">
          {open && (s.canDecide ? <DecideForm stepUp={s} decide={decide} /> : <NoDecisionNote stepUp={s} />)}
          <VotesPanel stepUp={s} />
          {s.context.credential && <CredentialPanel credential={s.context.credential} />}
          <AgentPanel agent={s.agent} />
        </div>
      </div>
      <div className="mt-6 space-y-6">
        <DelegationChainPanel chain={s.context.delegationChain} />
        <SameActionPanel earlier={s.context.sameAction} />
        <RecentDecisionsPanel decisions={s.context.recentDecisions} />
      </div>
    </>
  );
}
