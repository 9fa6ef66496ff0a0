"use client";
// Choose a period, optionally agents, owners and redaction rules, and start an export.
import { useState, type FormEvent } from "react";
import { splitErrors } from "@/lib/client/api";
import { useStartEvidenceExport } from "@/lib/client/use-evidence";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import { Panel } from "@/components/ui/page-header";

export type Choice = { id: string; label: string };

const day = (d: Date) => d.toISOString().slice(0, 10);
const selected = (e: { target: HTMLSelectElement }) => [...e.target.selectedOptions].map((o) => o.value);

/** `period` prefills the dates (UTC days), e.g. from a finished access review's "Export evidence" link. */
export function ExportForm({ agents, owners, period }: { agents: Choice[]; owners: Choice[]; period?: { from: string; to: string } }) {
  const start = useStartEvidenceExport();
  const today = new Date();
  const [from, setFrom] = useState(period?.from ?? day(new Date(today.getTime() - 30 * 86400_000)));
  const [to, setTo] = useState(period?.to ?? day(today));
  const [agentIds, setAgentIds] = useState<string[]>([]);
  const [ownerIds, setOwnerIds] = useState<string[]>([]);
  const [intents, setIntents] = useState(false);
  const [patterns, setPatterns] = useState("");
  type F = "from" | "to" | "agentIds" | "ownerIds" | "redaction";
  const errors = splitErrors<F>(start.error, (p) => {
    const head = p.split(".")[0];
    return (["from", "to", "agentIds", "ownerIds", "redaction"] as const).find((f) => f === head) ?? null;
  });

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    // Dates are whole UTC days: from the start of the first to the end of the last.
    const end = new Date(`${to}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    try {
      await start.mutateAsync({
        from: `${from}T00:00:00Z`,
        to: end.toISOString(),
        agentIds,
        ownerIds,
        redaction: { intents, identifierPatterns: patterns.split("\n").map((p) => p.trim()).filter(Boolean) },
      });
    } catch {
      // Shown from start.error.
    }
  }

  return (
    <Panel title="New evidence bundle">
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="New evidence bundle">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="From (UTC day)" error={errors.fields.from}>
            {(p) => <input {...p} type="date" required className={INPUT_CLASS} value={from} onChange={(e) => setFrom(e.target.value)} />}
          </Field>
          <Field label="To (UTC day, included)" error={errors.fields.to}>
            {(p) => <input {...p} type="date" required className={INPUT_CLASS} value={to} onChange={(e) => setTo(e.target.value)} />}
          </Field>
          <Field label="Agents" optional error={errors.fields.agentIds} hint="Only events about these agents. None selected: all agents.">
            {(p) => (
              <select {...p} multiple size={Math.min(6, Math.max(2, agents.length))} className={INPUT_CLASS} value={agentIds} onChange={(e) => setAgentIds(selected(e))}>
                {agents.map((a) => <option key={a.id} value={a.id}>{a.label}</option>)}
              </select>
            )}
          </Field>
          <Field label="Owners" optional error={errors.fields.ownerIds} hint="Events about the agents they own or back up, and their own actions.">
            {(p) => (
              <select {...p} multiple size={Math.min(6, Math.max(2, owners.length))} className={INPUT_CLASS} value={ownerIds} onChange={(e) => setOwnerIds(selected(e))}>
                {owners.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
              </select>
            )}
          </Field>
        </div>
        <fieldset className="space-y-3 rounded-md border border-zinc-200 p-3">
          <legend className="px-1 text-sm font-medium text-zinc-800">Redaction</legend>
          <label className="flex items-center gap-2 text-sm text-zinc-800">
            <input type="checkbox" checked={intents} onChange={(e) => setIntents(e.target.checked)} />
            Redact intent texts and approval justifications
          </label>
          <Field label="Redact identifiers matching" optional error={errors.fields.redaction} hint="One regular expression per line, e.g. @example\.com$ — matching ids, labels and values are replaced; the SHA-256 of each original stays in the bundle, which remains verifiable.">
            {(p) => <textarea {...p} rows={2} className={`${INPUT_CLASS} font-mono`} value={patterns} onChange={(e) => setPatterns(e.target.value)} />}
          </Field>
        </fieldset>
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        <Button type="submit" variant="primary" disabled={start.isPending}>
          {start.isPending ? "Starting…" : "Export bundle"}
        </Button>
      </form>
    </Panel>
  );
}
