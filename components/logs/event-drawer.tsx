"use client";
// The detail drawer: one event, and when it belongs to a decision, the full
// decision input, the policies that matched, the policy-set version (linked to
// /policies/versions/{version}) and the credentials it led to (linked to their
// life). A native <dialog>: focus is trapped, Escape closes, the opener regains focus.
import Link from "next/link";
import { useEffect, useId, useRef, type ReactNode } from "react";
import { errorMessage } from "@/lib/client/api";
import { useAuditEvent } from "@/lib/client/use-audit-log";
import type { AuditEventDetail } from "@/lib/client/types";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { OutcomeBadge } from "./outcome-badge";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="mt-5">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">{title}</h3>
      <div className="mt-2 text-sm text-zinc-800">{children}</div>
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 py-1">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

const Json = ({ value, label }: { value: unknown; label: string }) => (
  <pre aria-label={label} className="max-h-80 overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-relaxed text-zinc-100">{JSON.stringify(value, null, 2)}</pre>
);

function DecisionPanels({ d }: { d: NonNullable<AuditEventDetail["decision"]> }) {
  return (
    <>
      <Section title="Decision">
        <dl>
          <Row label="Outcome"><OutcomeBadge outcome={d.outcome} /></Row>
          <Row label="Policy-set version">
            <Link href={`/policies/versions/${d.policyVersion}`} className="font-medium text-accent-700 hover:underline">Policy set v{d.policyVersion}</Link>
          </Row>
          <Row label="Owner at the time">{d.owner ? (d.owner.name ?? d.owner.id) : <span className="text-zinc-500">nobody (unowned)</span>}</Row>
          <Row label="Grant">{d.grantType}</Row>
          <Row label="Decided in">{(d.latencyMicros / 1000).toFixed(1)} ms</Row>
          <Row label="Request digest"><span className="font-mono text-xs">{d.requestDigest}</span></Row>
        </dl>
      </Section>
      <Section title="Matched policies">
        <ul aria-label="Matched policies" className="space-y-1.5">
          {d.reasons.map((r, i) => (
            <li key={`${r.policyId}-${r.verb}-${i}`} className="rounded-md border border-zinc-200 px-3 py-2">
              <span className="font-mono text-xs font-semibold">{r.policyId}</span> <span className="text-xs text-zinc-500">for “{r.verb}”{r.stepUp ? " · step-up rule" : ""}</span>
              <p className="text-xs text-zinc-600">{r.reason}</p>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Decision input">
        <Json value={d.input} label="Decision input" />
      </Section>
      {(d.credentials.length > 0 || d.stepUp) && (
        <Section title="What followed">
          <ul className="space-y-1.5">
            {d.credentials.map((c) => (
              <li key={c.id}>
                <Link href={`/logs/credentials/${c.id}`} className="font-medium text-accent-700 hover:underline">Credential life: issued → {c.firstIntrospectedAt ? "introspected → " : ""}{c.revokedAt ? "revoked" : "expires"}</Link>{" "}
                <span className="text-xs text-zinc-500">({c.audience})</span>
              </li>
            ))}
            {d.stepUp && (
              <li>
                <Link href={`/approvals/${d.stepUp.id}`} className="font-medium text-accent-700 hover:underline">Step-up request</Link> <span className="text-xs text-zinc-500">{d.stepUp.status.toLowerCase()}</span>
              </li>
            )}
          </ul>
        </Section>
      )}
      <Section title="Events of this decision">
        <ol className="space-y-1 text-xs">
          {d.events.map((e) => (
            <li key={e.seq}><span className="font-mono">{e.type}</span> <span className="text-zinc-500">#{e.seq} · <DateTime iso={e.occurredAt} /></span></li>
          ))}
        </ol>
      </Section>
    </>
  );
}

function EventBody({ e }: { e: AuditEventDetail }) {
  return (
    <>
      <dl className="text-sm">
        <Row label="When"><DateTime iso={e.occurredAt} /></Row>
        <Row label="Outcome"><OutcomeBadge outcome={e.outcome} /></Row>
        <Row label="Actor">{e.actor.label ?? e.actor.type} <span className="text-xs text-zinc-500">({e.actor.type.toLowerCase()})</span></Row>
        {e.target && <Row label="About">{e.target.type} <span className="font-mono text-xs">{e.target.id}</span></Row>}
        {e.agent && (
          <Row label="Agent">
            <Link href={`/agents/${e.agent.id}`} className="text-accent-700 hover:underline">{e.agent.name ?? e.agent.id}</Link>
            {e.agent.status && <span className="ml-1 text-xs text-zinc-500">({e.agent.status.toLowerCase()})</span>}
          </Row>
        )}
        {e.credentialId && (
          <Row label="Credential"><Link href={`/logs/credentials/${e.credentialId}`} className="text-accent-700 hover:underline">Credential life</Link></Row>
        )}
      </dl>
      {e.decision && <DecisionPanels d={e.decision} />}
      <Section title="Event data"><Json value={e.data} label="Event data" /></Section>
      <Section title="Hash chain">
        <dl className="text-xs">
          <Row label="This event"><span className="font-mono">{e.hash}</span></Row>
          <Row label="Previous"><span className="font-mono">{e.prevHash}</span></Row>
          {e.requestId && <Row label="Request id"><span className="font-mono">{e.requestId}</span></Row>}
        </dl>
      </Section>
    </>
  );
}

export function EventDrawer({ seq, onClose }: { seq: number | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const event = useAuditEvent(seq);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (seq !== null && !d.open) d.showModal();
    if (seq === null && d.open) d.close();
  }, [seq]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="fixed inset-y-0 right-0 left-auto m-0 h-full max-h-none w-full max-w-2xl overflow-y-auto border-l border-zinc-200 bg-white p-0 shadow-2xl backdrop:bg-zinc-900/30"
    >
      {seq !== null && (
        <div className="p-5">
          <div className="flex items-start justify-between gap-4">
            <h2 id={titleId} className="text-lg font-semibold text-zinc-900">
              Event #{seq}{event.data ? <span className="ml-2 font-mono text-sm font-normal text-zinc-600">{event.data.type}</span> : null}
            </h2>
            <Button variant="ghost" onClick={onClose}>Close</Button>
          </div>
          {event.isPending && <p className="mt-6 text-sm text-zinc-500">Loading…</p>}
          {event.isError && <p className="mt-6 text-sm text-red-700">{errorMessage(event.error)}</p>}
          {event.data && <EventBody e={event.data} />}
        </div>
      )}
    </dialog>
  );
}
