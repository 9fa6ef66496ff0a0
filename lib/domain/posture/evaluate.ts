// All posture rules for one agent, and the difference between what an
// evaluation found and the findings still open. Pure.
import { canonicalJson } from "@/lib/domain/canonical-json";
import { evaluateUnowned } from "./unowned";
import { evaluateDormant } from "./dormant";
import { evaluateOverPrivileged } from "./over-privileged";
import { evaluateRiskyBehaviour } from "./risky-behaviour";
import { evaluateCredentialHygiene } from "./credential-hygiene";
import type { AgentPostureInput, FindingDraft, FindingRule, PostureThresholds, Severity } from "./types";

export function evaluateAgentPosture(agent: AgentPostureInput, now: Date, t: PostureThresholds): FindingDraft[] {
  return [
    ...evaluateUnowned(agent, now, t),
    ...evaluateDormant(agent, now, t),
    ...evaluateOverPrivileged(agent, now, t),
    ...evaluateRiskyBehaviour(agent, now, t),
    ...evaluateCredentialHygiene(agent, now, t),
  ];
}

export type ComputedFinding = FindingDraft & { agentId: string };
export type OpenFinding = { id: string; agentId: string; rule: string; severity: string; details: string };

/** The database keeps one open finding per agent and rule through this key. */
export function openKeyOf(agentId: string, rule: FindingRule | string): string {
  return `${agentId}:${rule}`;
}

export type FindingDiff = {
  /** Found now, not open before: new rows. */
  toOpen: ComputedFinding[];
  /** Still found, with a different severity or details: updated rows. */
  toChange: { id: string; severity: Severity; details: string }[];
  /** Still found, unchanged: only lastSeenAt moves. */
  toTouch: string[];
  /** Open before, not found now. */
  toResolve: OpenFinding[];
};

/** `open` must be the open findings of exactly the agents that were evaluated. */
export function diffFindings(computed: ComputedFinding[], open: OpenFinding[]): FindingDiff {
  const openByKey = new Map(open.map((f) => [openKeyOf(f.agentId, f.rule), f]));
  const diff: FindingDiff = { toOpen: [], toChange: [], toTouch: [], toResolve: [] };
  const seen = new Set<string>();
  for (const c of computed) {
    const key = openKeyOf(c.agentId, c.rule);
    if (seen.has(key)) continue;
    seen.add(key);
    const existing = openByKey.get(key);
    if (!existing) {
      diff.toOpen.push(c);
      continue;
    }
    const details = canonicalJson(c.details);
    if (existing.severity !== c.severity || existing.details !== details) diff.toChange.push({ id: existing.id, severity: c.severity, details });
    else diff.toTouch.push(existing.id);
  }
  for (const [key, f] of openByKey) if (!seen.has(key)) diff.toResolve.push(f);
  return diff;
}
