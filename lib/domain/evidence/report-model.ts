// Everything the human-readable report says, assembled once and rendered twice
// (report.html and report.pdf), so the two can never disagree. Pure.
import type { EvidenceSummary } from "./summary";
import type { BundleManifest } from "./bundle-format";
import type { CampaignRecord } from "./access-reviews-format";

export type ControlMapping = {
  version: number;
  frameworks: Record<string, { name: string; items: Record<string, string> }>;
  controls: { id: string; title: string; evidence: string[]; maps: Record<string, string[]> }[];
  notCovered: Record<string, Record<string, string>>;
};

export type IdentityFigures = { total: number; owned: number; pending: number; unowned: number; byStatus: Record<string, number> };
export type PolicyVersionInForce = { version: number; activatedAt: string | null; description: string };

export type ReportModel = {
  manifest: Omit<BundleManifest, "files" | "key"> & { key: { kid: string } };
  summary: EvidenceSummary;
  identities: IdentityFigures;
  policyVersionsInForce: PolicyVersionInForce[];
  accessReviews: CampaignRecord[];
  controls: { id: string; title: string; evidence: { type: string; count: number }[]; maps: { framework: string; items: { id: string; name: string }[] }[] }[];
  coverage: { framework: string; name: string; items: { id: string; name: string; controls: string[]; notCovered: string | null }[] }[];
};

export function buildReportModel(input: {
  manifest: ReportModel["manifest"];
  summary: EvidenceSummary;
  identities: IdentityFigures;
  policyVersionsInForce: PolicyVersionInForce[];
  accessReviews?: CampaignRecord[];
  mapping: ControlMapping;
}): ReportModel {
  const { mapping, summary } = input;
  const controls = mapping.controls.map((c) => ({
    id: c.id,
    title: c.title,
    evidence: c.evidence.map((type) => ({ type, count: summary.events.byType[type] ?? 0 })),
    maps: Object.entries(c.maps)
      .filter(([, ids]) => ids.length > 0)
      .map(([fw, ids]) => ({ framework: mapping.frameworks[fw]?.name ?? fw, items: ids.map((id) => ({ id, name: mapping.frameworks[fw]?.items[id] ?? "(unknown item)" })) })),
  }));
  const coverage = Object.entries(mapping.frameworks).map(([fw, f]) => ({
    framework: fw,
    name: f.name,
    items: Object.entries(f.items).map(([id, name]) => ({
      id,
      name,
      controls: mapping.controls.filter((c) => c.maps[fw]?.includes(id)).map((c) => c.id),
      notCovered: mapping.notCovered[fw]?.[id] ?? null,
    })),
  }));
  return { manifest: input.manifest, summary, identities: input.identities, policyVersionsInForce: input.policyVersionsInForce, accessReviews: input.accessReviews ?? [], controls, coverage };
}

export const percent = (part: number, whole: number) => (whole === 0 ? "—" : `${((100 * part) / whole).toFixed(1)} %`);
export const seconds = (v: number | null) => (v === null ? "—" : v < 120 ? `${v.toFixed(1)} s` : `${(v / 60).toFixed(1)} min`);

/** The report's sections as plain rows: [label, value] pairs per section, shared by both renderers. */
export function reportSections(m: ReportModel): { title: string; rows: [string, string][] }[] {
  const s = m.summary;
  const sorted = (o: Record<string, number>) => Object.entries(o).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const f = m.manifest;
  return [
    {
      title: "Scope",
      rows: [
        ["Period", `${f.period.from} — ${f.period.to}`],
        ["Agents", f.filters.agentIds.length ? f.filters.agentIds.join(", ") : "all"],
        ["Owners", f.filters.ownerIds.length ? f.filters.ownerIds.join(", ") : "all"],
        ["Redaction", describeRedaction(f.redaction)],
        ["Exported by", `${f.createdBy.label} at ${f.createdAt}`],
        ["Installation", f.installation],
      ],
    },
    {
      title: "Integrity",
      rows: [
        ["Chain segment", f.chain.firstSeq === null ? "no events in this period" : `events ${f.chain.firstSeq} to ${f.chain.lastSeq} (${f.chain.eventsInSegment} events, ${f.chain.eventsExported} exported)`],
        ["Hash before the first event", f.chain.hashBeforeFirst ?? "—"],
        ["Hash of the last event", f.chain.lastHash ?? "—"],
        ["Signed checkpoint", f.checkpoint ? `${f.checkpoint.count} events, head ${f.checkpoint.headHash}, ${f.checkpoint.createdAt}` : "—"],
        ["Audit key", f.key.kid],
      ],
    },
    {
      title: "Identities (at export time)",
      rows: [
        ["Agent identities", String(m.identities.total)],
        ["Owned (acknowledged, active owner)", `${m.identities.owned} (${percent(m.identities.owned, m.identities.total)})`],
        ["Pending acknowledgement", String(m.identities.pending)],
        ["Unowned", String(m.identities.unowned)],
        ...sorted(m.identities.byStatus).map(([k, v]): [string, string] => [`Status ${k}`, String(v)]),
        ["Agents active in the period", String(s.agentsActive)],
      ],
    },
    {
      title: "Credential requests by outcome",
      rows: [["Decisions", String(s.requests.total)], ...sorted(s.requests.byOutcome).map(([k, v]): [string, string] => [k, `${v} (${percent(v, s.requests.total)})`]), ...sorted(s.requests.byGrantType).map(([k, v]): [string, string] => [`grant ${k}`, String(v)])],
    },
    {
      title: "Step-up approvals",
      rows: [
        ["Requested", String(s.stepUps.requested)],
        ["Approved / denied / expired", `${s.stepUps.approved} / ${s.stepUps.denied} / ${s.stepUps.expired}`],
        ["Redeemed", String(s.stepUps.redeemed)],
        ["Time to decision (median / p95 / max)", `${seconds(s.stepUps.latencySeconds.median)} / ${seconds(s.stepUps.latencySeconds.p95)} / ${seconds(s.stepUps.latencySeconds.max)} over ${s.stepUps.latencySeconds.count}`],
        ...sorted(s.stepUps.approvers).map(([k, v]): [string, string] => [`Approvals by ${k}`, String(v)]),
      ],
    },
    {
      title: "Revocations by reason",
      rows: [["Credentials revoked", `${s.revocations.credentials} in ${s.revocations.events} events`], ...sorted(s.revocations.byReason).map(([k, v]): [string, string] => [k, String(v)])],
    },
    {
      title: "Policy versions",
      rows: [
        ...m.policyVersionsInForce.map((p): [string, string] => [`Version ${p.version} in force`, `${p.activatedAt ? `activated ${p.activatedAt}` : "never activated"}${p.description ? ` — ${p.description}` : ""}`]),
        ["Versions that made decisions", s.policyVersionsSeen.length ? s.policyVersionsSeen.join(", ") : "—"],
        ["Activations in the period", String(s.policyActivations)],
      ],
    },
    {
      title: "Access reviews (finished campaigns)",
      rows: m.accessReviews.length
        ? m.accessReviews.map((c): [string, string] => [
            `${c.name} (closed ${c.closedAt})`,
            `${c.tasks} agents: ${c.progress.kept} kept, ${c.progress.narrowed} narrowed, ${c.progress.decommissioned} decommissioned; not reviewed by ${c.dueAt}: ${c.progress.suspended} suspended, ${c.progress.flagged} flagged, ${c.progress.alreadyInactive} already inactive. Scope ${c.scope.kind}${c.scope.kind === "AGENTS" || c.scope.value === null ? "" : ` ${c.scope.value}`}, opened ${c.openedAt} by ${c.openedBy?.label ?? "—"}. Each decision with its justification: access-reviews.ndjson.`,
          ])
        : [["Campaigns", "none finished in this period"]],
    },
    {
      title: "Events by type",
      rows: [["All events", `${s.events.total} (${s.events.failures} failures/refusals)`], ...sorted(s.events.byType).map(([k, v]): [string, string] => [k, String(v)])],
    },
  ];
}

export function describeRedaction(r: { intents: boolean; identifierPatterns: string[] }): string {
  const parts = [r.intents ? "intent texts and justifications" : null, r.identifierPatterns.length ? `identifiers matching ${r.identifierPatterns.map((p) => `/${p}/`).join(", ")}` : null].filter(Boolean);
  return parts.length ? `redacted: ${parts.join("; ")} (SHA-256 of each original published)` : "none";
}

export const VERIFY_TEXT = [
  "Verify this bundle offline with the Mandate repository: npx mandate-verify bundle.zip (or npm run verify-bundle -- bundle.zip).",
  "The verifier checks the SHA-256 of every file against manifest.json, the Ed25519 signature over manifest.json (manifest.jws) with the key in audit-public-key.json — or a key you pin with --key / --jwks, e.g. saved from the installation's /.well-known/mandate-audit-keys.json — the signed checkpoint, the hash chain over the exported rows, the boundary hashes, and that events.csv says what events.ndjson says. It names the first tampered, dropped or reordered row.",
  "Redaction: a redacted value is replaced by \"[redacted]\" and the row's `redacted` object gives the SHA-256 of the original value, so whoever holds the original can confirm it. The chain hash of each event is the one computed over the original values, so a redacted row cannot be re-hashed; its integrity is carried instead by its SHA-256 in segment.csv, which the signed manifest covers. Low-entropy values (e.g. e-mail addresses) can be confirmed by guessing — choose rules accordingly.",
  "Filtered exports: events.ndjson holds only the matching events, and segment.csv lists every event of the contiguous chain segment (seq, hash, the events.ndjson line holding it or empty, and the SHA-256 of that line). The verifier checks the exported rows against it, so a dropped, added or reordered row is named even though the rows in between are not in the bundle.",
];
