// Four-eyes activation. A proposed draft becomes the next active version only
// when all of this holds, checked here on the server whatever the page showed:
// the activator may activate policy and is not the draft's author (who
// proposed it); they name a simulation that THEY ran of exactly the draft's
// current revision against the set that is active now; the draft was written
// against that same active version; the text validates strictly; every test
// case of the draft passes. In the activation's single
// transaction the old version is retired, the new one recorded with author and
// approver, and every live credential the new set denies is revoked (see
// broker/activate-policy-set.ts for why step-up outcomes are kept). Every
// refusal is audited as well.
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent, lockAuditChain } from "@/lib/db/audit-repository";
import { isUniqueViolationError } from "@/lib/db/errors";
import { AppError, isAppError } from "@/lib/errors";
import { runPolicyTests } from "@/lib/domain/policy/run-policy-tests";
import { forgetActivePolicy, getActivePolicy } from "@/lib/services/broker/active-policy";
import { reevaluateLiveCredentials } from "@/lib/services/broker/activate-policy-set";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { compileOrRefuse, findActiveRow, findDraftOrThrow, parseTests } from "./policy-records";
import { failingTestsError } from "./check-policy-text";
import { textDigest } from "./create-policy-draft";

export type ActivationResult = { version: number; revoked: number; keptNeedingStepUp: number };

export async function activatePolicyDraft(ctx: ServiceContext, actor: Actor, draftId: string, input: { simulationId: string }): Promise<ActivationResult> {
  requirePermission(actor, "policies:activate");
  try {
    return await activate(ctx, actor, draftId, input.simulationId);
  } catch (e) {
    if (isAppError(e) && e.code !== "not_found") await recordRefusal(ctx, actor, draftId, input.simulationId, e);
    throw e;
  }
}

async function activate(ctx: ServiceContext, actor: Actor, draftId: string, simulationId: string): Promise<ActivationResult> {
  const draft = await findDraftOrThrow(ctx.db, draftId);
  if (draft.status !== "PROPOSED") throw new AppError("conflict", draft.status === "DRAFT" ? "the draft has not been proposed (or was edited after it was); its author must propose it" : `the draft is already ${draft.status.toLowerCase()}`);
  if (draft.authorId === actor.id) throw new AppError("forbidden", "four eyes: the person who wrote and proposed a draft cannot activate it; another admin or security lead must");
  const simulation = await ctx.db.policySimulation.findUnique({ where: { id: simulationId }, select: { draftId: true, draftRevision: true, activeVersion: true, runById: true } });
  if (!simulation || simulation.draftId !== draftId) throw new AppError("conflict", "that simulation is not one of this draft; run the simulation of this draft and review it first");
  if (simulation.runById !== actor.id) throw new AppError("conflict", "you have not seen a simulation of this draft: run it yourself and review the result before activating");
  if (simulation.draftRevision !== draft.revision) throw new AppError("conflict", `the draft was edited after that simulation (simulated revision ${simulation.draftRevision}, now ${draft.revision}); simulate again`);
  await getActivePolicy(ctx);
  const activeRow = await findActiveRow(ctx.db);
  if (simulation.activeVersion !== activeRow.version) throw new AppError("conflict", `the active policy changed since the simulation (it compared with version ${simulation.activeVersion}, now ${activeRow.version}); simulate again`);
  // Activating a draft written against an older version would silently undo
  // whatever the versions since then changed (a lost update).
  if (draft.baseVersion !== activeRow.version) throw new AppError("conflict", `the draft was started from version ${draft.baseVersion}, but version ${activeRow.version} has been activated since; start a new draft from version ${activeRow.version} and carry this change over, so that version ${activeRow.version}'s changes are not undone`);
  const version = activeRow.version + 1;
  const snapshot = compileOrRefuse({ version, text: draft.text, schemaText: activeRow.schemaText });
  const tests = parseTests(draft.testsJson);
  const report = runPolicyTests(snapshot, tests);
  if (report.failed.length) throw failingTestsError(report.failed);
  const now = ctx.now();
  let result: ActivationResult;
  try {
    result = await withTransaction(ctx.db, async (tx) => {
      // First the chain lock: every credential transaction that commits before
      // this one is re-decided below, and every one after meets the policy
      // fence (lib/db/policy-fence.ts) — no credential slips between the two.
      await lockAuditChain(tx);
      const claimed = await tx.policyDraft.updateMany({ where: { id: draftId, status: "PROPOSED", revision: draft.revision }, data: { status: "ACTIVATED", updatedAt: now } });
      if (claimed.count === 0) throw new AppError("conflict", "the draft changed while it was being activated; reload it");
      const retired = await tx.policySet.updateMany({ where: { active: true, version: activeRow.version }, data: { active: false, deactivatedAt: now } });
      if (retired.count === 0) throw new AppError("conflict", "another version was activated meanwhile; simulate again");
      const row = await tx.policySet.create({
        data: { version, text: draft.text, schemaText: activeRow.schemaText, testsJson: JSON.stringify(tests), description: draft.title, authorId: draft.authorId, approverId: actor.id, draftId, createdAt: now, activatedAt: now, active: true },
        select: { id: true },
      });
      const effect = await reevaluateLiveCredentials(tx, snapshot, now, auditActor(actor), ctx.requestId);
      await appendAuditEvent(tx, {
        type: "policy.activated",
        actor: auditActor(actor),
        target: { type: "policy_set", id: row.id },
        data: { version, previousVersion: activeRow.version, draftId, revision: draft.revision, simulationId, authorId: draft.authorId, textSha256: textDigest(draft.text), tests: tests.length, revoked: effect.revoked, keptNeedingStepUp: effect.keptNeedingStepUp },
        requestId: ctx.requestId,
      }, now);
      return { version, ...effect };
    });
  } catch (e) {
    if (isUniqueViolationError(e)) throw new AppError("conflict", "another version was activated meanwhile; simulate again");
    throw e;
  }
  forgetActivePolicy();
  return result;
}

async function recordRefusal(ctx: ServiceContext, actor: Actor, draftId: string, simulationId: string, error: AppError) {
  const now = ctx.now();
  await withTransaction(ctx.db, (tx) =>
    appendAuditEvent(tx, { type: "policy.activation_refused", outcome: "FAILURE", actor: auditActor(actor), target: { type: "policy_draft", id: draftId }, data: { simulationId, code: error.code, reason: error.message.slice(0, 300) }, requestId: ctx.requestId }, now),
  );
}
