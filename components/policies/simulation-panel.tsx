"use client";
// Simulation before activation: replay the last N recorded decisions against
// this revision and show what would change — counts by old → new outcome and
// every changed decision with its agent, action and the rules responsible.
import Link from "next/link";
import { useState } from "react";
import { errorMessage } from "@/lib/client/api";
import type { PolicyDraft, PolicySimulation } from "@/lib/client/policy-types";
import { useSimulatePolicyDraft } from "@/lib/client/use-policies";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { Panel } from "@/components/ui/page-header";
import { OutcomeBadge } from "./version-badges";

const DEFAULT_LIMIT = 10_000;
const TH = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "px-3 py-2 align-top text-sm";

export function SimulationPanel({ draft }: { draft: PolicyDraft }) {
  const simulate = useSimulatePolicyDraft(draft.id);
  const [limit, setLimit] = useState(String(DEFAULT_LIMIT));
  const sim = draft.mySimulation;
  const parsed = Number(limit);
  const validLimit = Number.isInteger(parsed) && parsed >= 1 && parsed <= 50_000;
  return (
    <Panel title="Simulation">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (validLimit) simulate.mutate(parsed);
        }}
      >
        <label className="text-sm">
          <span className="mb-1 block font-medium text-zinc-800">Recorded decisions to replay</span>
          <input type="number" min={1} max={50_000} value={limit} onChange={(e) => setLimit(e.target.value)} className="w-32 rounded-md border border-zinc-300 px-2 py-1.5 text-sm" aria-invalid={!validLimit} />
        </label>
        <Button type="submit" variant="primary" disabled={!validLimit || simulate.isPending}>
          {simulate.isPending ? "Simulating…" : "Run simulation"}
        </Button>
        <p className="text-xs text-zinc-500">Each recorded request is decided under the active version and under this draft (saved revision {draft.revision}).</p>
      </form>
      {simulate.error && <div className="mt-3"><Alert tone="error">{errorMessage(simulate.error)}</Alert></div>}
      {sim && <SimulationResult sim={sim} currentRevision={draft.revision} />}
    </Panel>
  );
}

function SimulationResult({ sim, currentRevision }: { sim: PolicySimulation; currentRevision: number }) {
  const r = sim.result;
  return (
    <section aria-label="Simulation result" className="mt-4 space-y-4">
      {sim.draftRevision !== currentRevision && <Alert tone="warning">This simulation is of revision {sim.draftRevision}; the draft is now at revision {currentRevision}. Run it again.</Alert>}
      <p className="text-sm text-zinc-700">
        Replayed <strong>{r.replayed.toLocaleString("en")}</strong> recorded decision{r.replayed === 1 ? "" : "s"} against version {sim.activeVersion} and revision {sim.draftRevision} in {sim.durationMs} ms (<DateTime iso={sim.createdAt} />):{" "}
        <strong>{r.changed.toLocaleString("en")} would change</strong>.
        {r.unreadable > 0 && ` ${r.unreadable} could not be read.`}
      </p>
      <div className="grid gap-4 lg:grid-cols-2">
        <table className="min-w-full divide-y divide-zinc-200 rounded-md border border-zinc-200" aria-label="Outcomes, active → draft">
          <thead className="bg-zinc-50">
            <tr>
              <th scope="col" className={TH}>Active version</th>
              <th scope="col" className={TH}>Draft</th>
              <th scope="col" className={`${TH} text-right`}>Decisions</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {r.transitions.map((tr) => (
              <tr key={`${tr.from}-${tr.to}`} className={tr.from !== tr.to ? "bg-amber-50" : undefined}>
                <td className={TD}><OutcomeBadge outcome={tr.from} /></td>
                <td className={TD}><OutcomeBadge outcome={tr.to} /></td>
                <td className={`${TD} text-right tabular-nums`}>{tr.count.toLocaleString("en")}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="space-y-2 text-sm text-zinc-700">
          <p>
            <strong>Live credentials:</strong> {r.live.total} live now; activation would revoke <strong>{r.live.wouldRevoke}</strong>
            {r.live.wouldNeedStepUp > 0 && ` and keep ${r.live.wouldNeedStepUp} that the draft would send to step-up (they stay valid until they expire; the agent's next request needs approval)`}.
          </p>
          <p>
            <strong>Test cases:</strong> {r.tests.passed} pass{r.tests.failed.length ? `, ${r.tests.failed.length} fail — activation will be refused` : ""}.
          </p>
        </div>
      </div>
      {r.changes.length > 0 && (
        <div className="overflow-x-auto rounded-md border border-zinc-200">
          <table className="min-w-full divide-y divide-zinc-200" aria-label="Changed decisions">
            <thead className="bg-zinc-50">
              <tr>
                <th scope="col" className={TH}>When</th>
                <th scope="col" className={TH}>Agent</th>
                <th scope="col" className={TH}>Action</th>
                <th scope="col" className={TH}>System</th>
                <th scope="col" className={TH}>Change</th>
                <th scope="col" className={TH}>Rules (draft)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {r.changes.map((c) => (
                <tr key={c.decisionId}>
                  <td className={`${TD} whitespace-nowrap text-zinc-600`}><DateTime iso={c.createdAt} /></td>
                  <td className={TD}>{c.agentId ? <Link href={`/agents/${c.agentId}`} className="text-accent-700 hover:underline">{c.agentName ?? c.agentId}</Link> : "—"}</td>
                  <td className={`${TD} font-mono`}>{c.actions.join(", ")}</td>
                  <td className={`${TD} break-all text-zinc-700`}>{c.audience}</td>
                  <td className={`${TD} whitespace-nowrap`}>
                    <OutcomeBadge outcome={c.from} /> <span aria-label="becomes">→</span> <OutcomeBadge outcome={c.to} />
                  </td>
                  <td className={TD}>
                    <ul>
                      {c.toRules.map((rule) => (
                        <li key={rule.policyId}><span className="font-mono text-xs font-semibold">{rule.policyId}</span> <span className="text-zinc-600">{rule.reason}</span></li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.changed > r.changes.length && <p className="border-t border-zinc-200 px-3 py-2 text-xs text-zinc-500">Showing the newest {r.changes.length} of {r.changed} changed decisions.</p>}
        </div>
      )}
    </section>
  );
}
