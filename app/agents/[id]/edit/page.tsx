import { forbidden, notFound } from "next/navigation";
import Link from "next/link";
import { requirePageActor } from "@/lib/auth/page-actor";
import { toJson } from "@/lib/client/types";
import { AgentForm } from "@/components/agents/agent-form";
import { PageHeader } from "@/components/ui/page-header";
import { isAgentId, loadAgentOrNotFound } from "../load-agent";

export const metadata = { title: "Edit agent" };

export default async function EditAgentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isAgentId(id)) notFound();
  const actor = await requirePageActor("agents:manage-own", `/agents/${id}/edit`);
  const detail = await loadAgentOrNotFound(actor, id);
  // Owners may edit only agents they own or back up; decommissioned agents are final.
  if (!detail.allowed.manage) forbidden();
  const agent = toJson(detail.agent);
  return (
    <div className="max-w-3xl">
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href={`/agents/${agent.id}`} className="text-accent-700 hover:underline">
          {agent.name}
        </Link>
      </nav>
      <PageHeader title={`Edit ${agent.name}`} description="Changes are recorded in the audit trail with their before and after values." />
      <AgentForm mode="edit" agent={agent} />
    </div>
  );
}
