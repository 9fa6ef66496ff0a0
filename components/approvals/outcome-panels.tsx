"use client";
// Where the request stands: a banner with the outcome (who decided, when,
// why), every vote so far against the quorum, and — once the agent collected
// it — the credential's life.
import type { StepUpDetail, StepUpVote } from "@/lib/client/step-up-types";
import { useNow } from "@/lib/client/use-now";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { Panel } from "@/components/ui/page-header";
import { QuorumProgress } from "./step-up-badges";

function names(votes: StepUpVote[]): string {
  return votes.map((v) => v.user.name).join(" and ") || "nobody";
}

function quorumRule(s: StepUpDetail): string {
  if (s.quorum < 2) return "One approval is enough; one denial denies.";
  return `Needs ${s.quorum} different people to approve, at least one of them neither the agent's owner nor its backup owner. One denial denies.`;
}

/** A live region: no ticking countdown inside, or screen readers would announce every second. */
export function StatusBanner({ stepUp: s }: { stepUp: StepUpDetail }) {
  const approvers = s.votes.filter((v) => v.vote === "APPROVE");
  const denial = s.votes.find((v) => v.vote === "DENY");
  switch (s.status) {
    case "PENDING":
      return (
        <Alert tone="info" title={`Waiting for a decision: ${s.approvals} of ${s.quorum} approvals`}>
          {quorumRule(s)} Expires <DateTime iso={s.expiresAt} />.
        </Alert>
      );
    case "APPROVED":
      return (
        <Alert tone="success" title="Approved">
          Approved by {names(approvers)} on <DateTime iso={s.decidedAt} />. The agent has not collected its credential yet; it must before{" "}
          <DateTime iso={s.expiresAt} />.
        </Alert>
      );
    case "REDEEMED":
      return (
        <Alert tone="success" title="Approved and redeemed">
          Approved by {names(approvers)} on <DateTime iso={s.decidedAt} />; the agent collected its credential on <DateTime iso={s.redeemedAt} />.
        </Alert>
      );
    case "DENIED":
      return (
        <Alert tone="error" title="Denied">
          Denied by {denial ? denial.user.name : "a person"} on <DateTime iso={s.decidedAt} />
          {denial && <>: “{denial.justification}”</>}. The agent was told access_denied.
        </Alert>
      );
    case "EXPIRED":
      return (
        <Alert tone="warning" title="Expired">
          Nobody completed a decision before <DateTime iso={s.expiresAt} /> ({s.approvals} of {s.quorum} approvals). The agent was told expired_token and must ask
          again.
        </Alert>
      );
    case "CANCELLED":
      return <Alert tone="warning" title="Cancelled">The request was withdrawn before it was decided.</Alert>;
  }
}

export function VotesPanel({ stepUp: s }: { stepUp: StepUpDetail }) {
  return (
    <Panel title="Decisions">
      <div className="space-y-3 text-sm">
        <p>
          <QuorumProgress approvals={s.approvals} quorum={s.quorum} /> approvals needed. <span className="text-zinc-600">{quorumRule(s)}</span>
        </p>
        {s.votes.length === 0 ? (
          <p className="text-zinc-500">Nobody has decided yet.</p>
        ) : (
          <ol className="space-y-3">
            {s.votes.map((v) => (
              <li key={v.user.id} className="rounded-md border border-zinc-200 p-3">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={v.vote === "APPROVE" ? "green" : "red"}>{v.vote === "APPROVE" ? "Approved" : "Denied"}</Badge>
                  <span className="font-medium text-zinc-900">{v.user.name}</span>
                  <span className="text-zinc-500">{v.user.email}</span>
                  <span className="text-xs text-zinc-500">
                    <DateTime iso={v.createdAt} />
                  </span>
                </div>
                <p className="mt-2 whitespace-pre-line text-zinc-800">“{v.justification}”</p>
              </li>
            ))}
          </ol>
        )}
      </div>
    </Panel>
  );
}

/** After redemption: when the credential was issued and when it died (revoked, or its expiry passed). */
export function CredentialPanel({ credential }: { credential: NonNullable<StepUpDetail["context"]["credential"]> }) {
  const now = useNow();
  const expired = now !== null && new Date(credential.expiresAt).getTime() <= now;
  return (
    <Panel title="Credential">
      <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[11rem_1fr]">
        <dt className="text-zinc-500">Credential id</dt>
        <dd className="break-all font-mono text-xs">{credential.id}</dd>
        <dt className="text-zinc-500">Issued</dt>
        <dd><DateTime iso={credential.issuedAt} /></dd>
        <dt className="text-zinc-500">{credential.revokedAt ? "Revoked" : expired ? "Expired" : "Expires"}</dt>
        <dd>
          <DateTime iso={credential.revokedAt ?? credential.expiresAt} />
          {credential.revokeReason && <span className="text-zinc-600"> — {credential.revokeReason}</span>}
          {!credential.revokedAt && !expired && <span className="ml-2"><Badge tone="green">Live</Badge></span>}
        </dd>
      </dl>
    </Panel>
  );
}
