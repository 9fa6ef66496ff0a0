import Link from "next/link";
import type { AgentView } from "@/lib/client/types";
import { OwnershipBadge, StatusBadge, TierBadge } from "./badges";

const TH = "px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "px-4 py-3 align-top text-sm";

export function AgentTable({ agents }: { agents: AgentView[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-zinc-200">
        <caption className="sr-only">Agent identities</caption>
        <thead className="bg-zinc-50">
          <tr>
            <th scope="col" className={TH}>Name</th>
            <th scope="col" className={TH}>Environment</th>
            <th scope="col" className={TH}>Tier</th>
            <th scope="col" className={TH}>Status</th>
            <th scope="col" className={TH}>Owner</th>
            <th scope="col" className={TH}>Ownership</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {agents.map((agent) => (
            <tr key={agent.id} className="hover:bg-zinc-50">
              <td className={TD}>
                <Link href={`/agents/${agent.id}`} className="font-medium text-accent-700 hover:underline">
                  {agent.name}
                </Link>
                {agent.description && <p className="mt-0.5 line-clamp-1 max-w-xs text-xs text-zinc-500">{agent.description}</p>}
              </td>
              <td className={`${TD} text-zinc-700`}>{agent.environment}</td>
              <td className={TD}>
                <TierBadge tier={agent.riskTier} />
              </td>
              <td className={TD}>
                <StatusBadge status={agent.status} />
              </td>
              <td className={`${TD} text-zinc-700`}>
                {agent.owner ? (
                  <span className={agent.owner.active ? "" : "text-zinc-400 line-through"}>{agent.owner.name}</span>
                ) : (
                  <span className="text-zinc-400">—</span>
                )}
              </td>
              <td className={TD}>
                <OwnershipBadge ownership={agent.ownership} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
