"use client";
// Edit and lifecycle actions, offered only when the API would allow them
// (the detail response says so in `allowed.manage`).
import { useState } from "react";
import type { LifecycleAction } from "@/lib/client/use-agent-mutations";
import type { AgentView } from "@/lib/client/types";
import { Button, LinkButton } from "@/components/ui/button";
import { ReasonDialog } from "./reason-dialog";

export function AgentActions({ agent }: { agent: AgentView }) {
  const [action, setAction] = useState<LifecycleAction | null>(null);
  return (
    <>
      <LinkButton href={`/agents/${agent.id}/edit`}>Edit</LinkButton>
      {agent.status === "ACTIVE" && <Button onClick={() => setAction("suspend")}>Suspend</Button>}
      {agent.status === "SUSPENDED" && <Button onClick={() => setAction("reactivate")}>Reactivate</Button>}
      <Button variant="danger" onClick={() => setAction("decommission")}>
        Decommission
      </Button>
      <ReasonDialog agentId={agent.id} agentName={agent.name} action={action} onClose={() => setAction(null)} />
    </>
  );
}
