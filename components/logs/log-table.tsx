"use client";
// One row per audit event. The event name opens the detail drawer (a link to
// the same view with ?event=<seq>, so it can be shared and Back closes it).
import Link from "next/link";
import type { LogEntryView } from "@/lib/client/types";
import { DateTime } from "@/components/ui/date-time";
import { OutcomeBadge } from "./outcome-badge";

const TH = "px-3 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "px-3 py-2.5 align-top text-sm";

export function LogTable({ entries, hrefFor }: { entries: LogEntryView[]; hrefFor: (seq: number) => string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-zinc-200">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-zinc-50">
          <tr>
            <th scope="col" className={TH}>When</th>
            <th scope="col" className={TH}>Event</th>
            <th scope="col" className={TH}>Outcome</th>
            <th scope="col" className={TH}>Agent</th>
            <th scope="col" className={TH}>Request</th>
            <th scope="col" className={TH}>Actor</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {entries.map((e) => (
            <tr key={e.seq} className="hover:bg-zinc-50" data-seq={e.seq}>
              <td className={`${TD} whitespace-nowrap text-zinc-600`}><DateTime iso={e.occurredAt} /></td>
              <td className={TD}>
                <Link href={hrefFor(e.seq)} scroll={false} className="font-mono text-xs font-medium text-accent-700 hover:underline" aria-label={`Open event ${e.seq}: ${e.type}`}>
                  {e.type}
                </Link>
                <span className="ml-1 text-xs text-zinc-400">#{e.seq}</span>
              </td>
              <td className={TD}><OutcomeBadge outcome={e.decision?.outcome ?? e.outcome} /></td>
              <td className={`${TD} text-zinc-700`}>{e.agent ? (e.agent.name ?? <span className="font-mono text-xs">{e.agent.id}</span>) : <span className="text-zinc-400">—</span>}</td>
              <td className={`${TD} max-w-xs text-zinc-700`}>
                {e.decision ? (
                  <>
                    <span className="font-mono text-xs">{e.decision.actions.join(", ")}</span> <span className="text-xs text-zinc-500">on {e.decision.audience}</span>
                    <p className="line-clamp-1 text-xs text-zinc-500" title={e.decision.intent}>“{e.decision.intent}”</p>
                  </>
                ) : (
                  <span className="text-zinc-400">—</span>
                )}
              </td>
              <td className={`${TD} text-xs text-zinc-600`}>{e.actor.label ?? e.actor.type.toLowerCase()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
