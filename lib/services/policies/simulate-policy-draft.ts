// Simulation before activation: the last N recorded decisions (each Decision
// row holds its full policy input) are decided again under the active set and
// under exactly this revision of the draft; the comparison, the draft's own
// test results and what activation would do to live credentials are stored as
// a PolicySimulation, which activation must name (run by the activator).
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { AppError } from "@/lib/errors";
import { replayDecisions, type DraftShape, type RecordToReplay, type SimulationResult } from "@/lib/domain/policy/simulate";
import { addedPolicies } from "@/lib/domain/policy/policy-delta";
import { compilePolicySet } from "@/lib/domain/policy/policy-set";
import type { PolicySnapshot } from "@/lib/domain/policy/types";
import { runPolicyTests, type PolicyTestReport } from "@/lib/domain/policy/run-policy-tests";
import { getActivePolicy } from "@/lib/services/broker/active-policy";
import { classifyLiveCredentials, loadLiveCredentialInputs } from "@/lib/services/broker/activate-policy-set";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { compileOrRefuse, findActiveRow, findDraftOrThrow, parseTests } from "./policy-records";

/** Changed decisions kept with a simulation (all are counted). */
const MAX_CHANGES_SHOWN = 500;

export type SimulationView = {
  id: string;
  draftId: string;
  draftRevision: number;
  activeVersion: number;
  runBy: { id: string; name: string };
  requested: number;
  durationMs: number;
  /** Where the time went in this run (not stored): reading decisions and credentials, replaying, storing. */
  phasesMs?: { load: number; replay: number; store: number };
  createdAt: string;
  result: SimulationResult & { live: { total: number; wouldRevoke: number; wouldNeedStepUp: number }; tests: PolicyTestReport };
};

export async function simulatePolicyDraft(ctx: ServiceContext, actor: Actor, draftId: string, input: { limit: number }): Promise<SimulationView> {
  requirePermission(actor, "policies:draft");
  const draft = await findDraftOrThrow(ctx.db, draftId);
  if (draft.status === "ACTIVATED" || draft.status === "DISCARDED") throw new AppError("conflict", `the draft is ${draft.status.toLowerCase()}; there is nothing left to simulate`);
  const active = await getActivePolicy(ctx);
  if (!active.snapshot) throw new AppError("unavailable", "the active policy set cannot be loaded, so there is nothing to compare with");
  const activeRow = await findActiveRow(ctx.db);
  const now = ctx.now();
  const started = performance.now();
  const rows = await ctx.db.decision.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit,
    select: { id: true, agentId: true, createdAt: true, grantType: true, outcome: true, policyVersion: true, input: true, agent: { select: { name: true } } },
  });
  const live = await loadLiveCredentialInputs(ctx.db, now);
  const loaded = performance.now();
  // From here on everything is synchronous: the scratch snapshot stays valid (see CompileInput.scratchId).
  const snapshot = compileOrRefuse({ version: activeRow.version + 1, text: draft.text, schemaText: activeRow.schemaText, scratchId: "simulation" });
  const records: RecordToReplay[] = rows.map((r) => ({ id: r.id, agentId: r.agentId, agentName: r.agent?.name ?? null, createdAt: r.createdAt.toISOString(), grantType: r.grantType, outcome: r.outcome, policyVersion: r.policyVersion, input: r.input }));
  const shape = draftShape(activeRow, active.snapshot, draft.text);
  const replay = replayDecisions(records, active.snapshot, snapshot, { maxChanges: MAX_CHANGES_SHOWN, shape });
  const effect = classifyLiveCredentials(live, snapshot);
  const tests = runPolicyTests(snapshot, parseTests(draft.testsJson));
  const replayed = performance.now();
  const durationMs = Math.round(replayed - started);
  const result = { ...replay, live: { total: live.length, wouldRevoke: effect.denied.length, wouldNeedStepUp: effect.stepUp.length }, tests };
  const stored = await withTransaction(ctx.db, async (tx) => {
    const row = await tx.policySimulation.create({
      data: { draftId, draftRevision: draft.revision, activeVersion: active.version, runById: actor.id, requested: input.limit, replayed: replay.replayed, changed: replay.changed, resultJson: JSON.stringify(result), durationMs, createdAt: now },
      select: { id: true },
    });
    await appendAuditEvent(tx, {
      type: "policy.simulated",
      actor: auditActor(actor),
      target: { type: "policy_draft", id: draftId },
      data: { simulationId: row.id, revision: draft.revision, activeVersion: active.version, replayed: replay.replayed, changed: replay.changed, wouldRevoke: effect.denied.length, testsFailed: tests.failed.length },
      requestId: ctx.requestId,
    }, now);
    return row;
  });
  const phasesMs = { load: Math.round(loaded - started), replay: Math.round(replayed - loaded), store: Math.round(performance.now() - replayed) };
  return { id: stored.id, draftId, draftRevision: draft.revision, activeVersion: active.version, runBy: { id: actor.id, name: actor.name }, requested: input.limit, durationMs, phasesMs, createdAt: now.toISOString(), result };
}

/**
 * A draft that only adds policies to the active set is replayed as the active
 * set plus the added ones (far fewer evaluations); anything else as a whole.
 */
function draftShape(activeRow: { version: number; text: string; schemaText: string }, activeSnapshot: PolicySnapshot, draftText: string): DraftShape {
  if (activeSnapshot.version !== activeRow.version) return { kind: "whole" };
  const added = addedPolicies(activeRow.text, draftText);
  if (added === null) return { kind: "whole" };
  if (added.length === 0) return { kind: "adds", added: null };
  const compiled = compilePolicySet({ version: activeRow.version + 1, text: added.join("\n\n"), schemaText: activeRow.schemaText, scratchId: "simulation-added" });
  return compiled.ok ? { kind: "adds", added: compiled.snapshot } : { kind: "whole" };
}

/** The newest simulation this person ran of this draft (whatever its revision), for the editor to show. */
export async function latestSimulationBy(ctx: ServiceContext, actor: Actor, draftId: string): Promise<SimulationView | null> {
  const row = await ctx.db.policySimulation.findFirst({
    where: { draftId, runById: actor.id },
    orderBy: { createdAt: "desc" },
    select: { id: true, draftRevision: true, activeVersion: true, requested: true, durationMs: true, createdAt: true, resultJson: true, runBy: { select: { id: true, name: true } } },
  });
  if (!row) return null;
  return { id: row.id, draftId, draftRevision: row.draftRevision, activeVersion: row.activeVersion, runBy: row.runBy, requested: row.requested, durationMs: row.durationMs, createdAt: row.createdAt.toISOString(), result: JSON.parse(row.resultJson) };
}
