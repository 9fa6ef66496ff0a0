"use client";
// The findings: one row each, with a checkbox (selection is by agent: acting on
// a finding acts on its agent), the agent and owner it concerns, since when,
// and its details on demand.
import Link from "next/link";
import { Fragment, useState } from "react";
import type { FindingKind, FindingRule, Severity } from "@/lib/domain/posture/types";
import { KIND_LABELS, RULE_LABELS, SEVERITY_LABELS, SEVERITY_TONES } from "@/lib/client/posture-filters";
import type { PostureFinding } from "@/lib/client/use-posture";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { FindingDetails } from "./finding-details";

export function findingLabel(f: PostureFinding): string {
  return RULE_LABELS[f.rule as FindingRule] ?? f.rule;
}

export function FindingsTable({
  findings,
  selectable,
  selected,
  onToggle,
  onToggleAll,
}: {
  findings: PostureFinding[];
  selectable: boolean;
  selected: Set<string>;
  onToggle: (agentId: string) => void;
  onToggleAll: (select: boolean) => void;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const allSelected = findings.length > 0 && findings.every((f) => selected.has(f.agent.id));
  const columns = selectable ? 7 : 6;
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-zinc-200 text-sm">
        <caption className="sr-only">Posture findings</caption>
        <thead className="bg-zinc-50 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500">
          <tr>
            {selectable && (
              <th scope="col" className="w-10 px-3 py-2">
                <input type="checkbox" className="size-4" aria-label="Select all agents shown" checked={allSelected} onChange={(e) => onToggleAll(e.target.checked)} />
              </th>
            )}
            <th scope="col" className="px-3 py-2">Severity</th>
            <th scope="col" className="px-3 py-2">Finding</th>
            <th scope="col" className="px-3 py-2">Agent</th>
            <th scope="col" className="px-3 py-2">Owner</th>
            <th scope="col" className="px-3 py-2">Since</th>
            <th scope="col" className="px-3 py-2"><span className="sr-only">Details</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {findings.map((f) => (
            <Fragment key={f.id}>
              <tr aria-label={`${findingLabel(f)}: ${f.agent.name}`} className={f.resolvedAt ? "text-zinc-500" : undefined}>
                {selectable && (
                  <td className="px-3 py-2">
                    <input type="checkbox" className="size-4" aria-label={`Select ${f.agent.name} (${findingLabel(f)})`} checked={selected.has(f.agent.id)} onChange={() => onToggle(f.agent.id)} />
                  </td>
                )}
                <td className="px-3 py-2"><Badge tone={SEVERITY_TONES[f.severity as Severity]}>{SEVERITY_LABELS[f.severity as Severity] ?? f.severity}</Badge></td>
                <td className="px-3 py-2">
                  <p className="font-medium text-zinc-900">{findingLabel(f)}</p>
                  <p className="text-xs text-zinc-500">{KIND_LABELS[f.kind as FindingKind] ?? f.kind}{f.resolvedAt ? " · resolved" : ""}</p>
                </td>
                <td className="px-3 py-2">
                  <Link href={`/agents/${f.agent.id}`} className="font-medium text-accent-700 hover:underline">{f.agent.name}</Link>
                  <p className="text-xs text-zinc-500">{f.agent.environment} · {f.agent.riskTier.toLowerCase()} · {f.agent.status.toLowerCase()}</p>
                </td>
                <td className="px-3 py-2">
                  {f.owner ? (
                    <>
                      <p>{f.owner.name}</p>
                      <p className="text-xs text-zinc-500">{!f.owner.active ? "deactivated" : f.ownershipAcknowledged ? "acknowledged" : "not acknowledged"}</p>
                    </>
                  ) : (
                    <span className="text-zinc-400">nobody</span>
                  )}
                </td>
                <td className="px-3 py-2 text-xs">
                  <DateTime iso={f.since} />
                  {f.resolvedAt && <p>resolved <DateTime iso={f.resolvedAt} /></p>}
                </td>
                <td className="px-3 py-2 text-right">
                  <button type="button" className="text-xs font-medium text-accent-700 hover:underline" aria-expanded={open === f.id} onClick={() => setOpen(open === f.id ? null : f.id)}>
                    {open === f.id ? "Hide details" : "Details"}
                    <span className="sr-only"> of {findingLabel(f)} for {f.agent.name}</span>
                  </button>
                </td>
              </tr>
              {open === f.id && (
                <tr>
                  <td colSpan={columns} className="bg-zinc-50 px-6 py-3">
                    <FindingDetails finding={f} />
                    <p className="mt-2 text-xs text-zinc-500">First seen <DateTime iso={f.firstSeenAt} />, last seen <DateTime iso={f.lastSeenAt} />.</p>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
