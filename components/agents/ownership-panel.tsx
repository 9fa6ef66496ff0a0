"use client";
// Who answers for this agent, shown prominently because an agent without an
// accountable owner is denied by policy.
import { useState } from "react";
import { errorMessage } from "@/lib/client/api";
import { useAcknowledgeOwnership } from "@/lib/client/use-agent-mutations";
import type { AgentDetail, PersonRef } from "@/lib/client/types";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { Panel } from "@/components/ui/page-header";
import { useCan } from "@/components/viewer-context";
import { AssignOwnerDialog } from "./assign-owner-dialog";
import { OwnershipBadge, unownedReason } from "./badges";

export function Person({ person }: { person: PersonRef | null }) {
  if (!person) return <span className="text-zinc-400">—</span>;
  return (
    <span>
      <span className={person.active ? "font-medium text-zinc-900" : "font-medium text-zinc-500 line-through"}>{person.name}</span>{" "}
      <span className="text-zinc-500">{person.email}</span>
      {!person.active && <span className="ml-1 text-xs text-red-700">(deactivated)</span>}
    </span>
  );
}

function StateExplanation({ detail }: { detail: AgentDetail }) {
  const { agent, allowed } = detail;
  const o = agent.ownership;
  if (o.state === "OWNED") return null;
  if (o.state === "PENDING") {
    return (
      <Alert tone="info" title="Ownership pending">
        {allowed.acknowledge
          ? "You are named as this agent's accountable owner. Until you acknowledge, Mandate denies its credential requests."
          : `Waiting for ${agent.owner?.name ?? "the owner"} to acknowledge. Until then, Mandate denies this agent's credential requests.`}
      </Alert>
    );
  }
  return (
    <Alert tone="warning" title={`Unowned: ${unownedReason(o)}`}>
      Mandate denies credential requests from an agent without an active, accountable owner. Assign a new owner to restore it.
    </Alert>
  );
}

export function OwnershipPanel({ detail }: { detail: AgentDetail }) {
  const { agent, allowed } = detail;
  const canListPeople = useCan("people:read");
  const [assigning, setAssigning] = useState(false);
  const acknowledge = useAcknowledgeOwnership(agent.id);
  return (
    <Panel
      title="Ownership"
      actions={
        allowed.manage &&
        canListPeople && (
          <Button onClick={() => setAssigning(true)}>{agent.owner ? "Change owner" : "Assign owner"}</Button>
        )
      }
    >
      <div className="space-y-4">
        {/* Pending and unowned states are spelled out by the explanation below. */}
        {agent.ownership.state === "OWNED" && <OwnershipBadge ownership={agent.ownership} />}
        <StateExplanation detail={detail} />
        {allowed.acknowledge && (
          <div className="space-y-2">
            <Button variant="primary" disabled={acknowledge.isPending} onClick={() => acknowledge.mutate()}>
              {acknowledge.isPending ? "Acknowledging…" : "Acknowledge ownership"}
            </Button>
            {acknowledge.isError && <Alert tone="error">{errorMessage(acknowledge.error)}</Alert>}
          </div>
        )}
        <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-zinc-500">Owner</dt>
          <dd><Person person={agent.owner} /></dd>
          <dt className="text-zinc-500">Backup owner</dt>
          <dd><Person person={agent.backupOwner} /></dd>
          <dt className="text-zinc-500">Assigned by</dt>
          <dd>
            <Person person={agent.ownershipAssignedBy} />
            {agent.ownershipAssignedAt && (
              <span className="text-zinc-500">
                {" "}on <DateTime iso={agent.ownershipAssignedAt} />
              </span>
            )}
          </dd>
          <dt className="text-zinc-500">Acknowledged</dt>
          <dd>{agent.ownershipAcknowledgedAt ? <DateTime iso={agent.ownershipAcknowledgedAt} /> : <span className="text-zinc-500">Not yet</span>}</dd>
        </dl>
      </div>
      {allowed.manage && canListPeople && (
        <AssignOwnerDialog key={agent.ownershipAssignedAt ?? "none"} agent={agent} open={assigning} onClose={() => setAssigning(false)} />
      )}
    </Panel>
  );
}
