"use client";
// Until the named owner acknowledges, the broker treats an agent as not owned
// and denies it; so owners see, at the top of the list, what waits for them.
import Link from "next/link";
import { usePendingAcknowledgements } from "@/lib/client/use-agents";
import { useCan, useViewer } from "@/components/viewer-context";

export function PendingAcknowledgements() {
  const viewer = useViewer();
  const canOwn = useCan("agents:manage-own");
  const { data } = usePendingAcknowledgements(viewer.id, canOwn);
  if (!canOwn || !data || data.length === 0) return null;
  return (
    <section aria-label="Awaiting your acknowledgement" className="mb-6 rounded-lg border border-sky-300 bg-sky-50 p-4 text-sm text-sky-950">
      <h2 className="font-semibold">
        {data.length === 1 ? "1 agent is" : `${data.length} agents are`} waiting for you to acknowledge ownership
      </h2>
      <p className="mt-1 text-sky-900">Until you acknowledge, Mandate treats these agents as not owned and denies their credential requests.</p>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
        {data.map((agent) => (
          <li key={agent.id}>
            <Link href={`/agents/${agent.id}`} className="font-medium text-accent-700 underline">
              {agent.name}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
