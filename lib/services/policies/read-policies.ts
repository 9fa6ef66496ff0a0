// Reading policy: the active set and every earlier version, one version's
// exact text (what the log browser links a decision to), a diff between any
// two versions, open drafts, the Cedar schema and the library of shipped rules.
import { readFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { DEFAULT_POLICY_PATH } from "@/lib/domain/policy/load-default";
import { policyLibrary, type LibraryRule } from "@/lib/domain/policy/library";
import { diffPolicyTexts } from "@/lib/domain/policy/diff";
import { getActivePolicy } from "@/lib/services/broker/active-policy";
import { requirePermission } from "../require-permission";
import type { Actor, ServiceContext } from "../context";
import { DRAFT_SELECT, parseTests, POLICY_VERSION_SELECT, toDraftSummary, toVersionSummary } from "./policy-records";

let library: LibraryRule[] | undefined;

/** The shipped rules, read once from policies/default.cedar. */
export function shippedRuleLibrary(): LibraryRule[] {
  library ??= policyLibrary(readFileSync(path.join(/* turbopackIgnore: true */ process.cwd(), DEFAULT_POLICY_PATH), "utf8"));
  return library;
}

export async function getPolicyOverview(ctx: ServiceContext, actor: Actor) {
  requirePermission(actor, "policies:read");
  await getActivePolicy(ctx); // installs the shipped default on a fresh installation
  const [versions, drafts, active] = await Promise.all([
    ctx.db.policySet.findMany({ orderBy: { version: "desc" }, select: POLICY_VERSION_SELECT }),
    ctx.db.policyDraft.findMany({ where: { status: { in: ["DRAFT", "PROPOSED"] } }, orderBy: { updatedAt: "desc" }, take: 100, select: { ...DRAFT_SELECT, text: false, testsJson: false } }),
    ctx.db.policySet.findFirst({ where: { active: true }, orderBy: { version: "desc" }, select: { version: true, schemaText: true } }),
  ]);
  return {
    activeVersion: active?.version ?? null,
    versions: versions.map(toVersionSummary),
    drafts: drafts.map(toDraftSummary),
    schemaText: active?.schemaText ?? "",
    library: shippedRuleLibrary(),
  };
}

export async function getPolicyVersion(ctx: ServiceContext, actor: Actor, version: number) {
  requirePermission(actor, "policies:read");
  await getActivePolicy(ctx);
  const row = await ctx.db.policySet.findUnique({ where: { version }, select: { ...POLICY_VERSION_SELECT, text: true, schemaText: true } });
  if (!row) throw new AppError("not_found", `there is no policy version ${version}`);
  const previous = await ctx.db.policySet.findFirst({ where: { version: { lt: version } }, orderBy: { version: "desc" }, select: { version: true } });
  return { ...toVersionSummary(row), text: row.text, schemaText: row.schemaText, testCases: parseTests(row.testsJson), previousVersion: previous?.version ?? null };
}
export type PolicyVersionDetail = Awaited<ReturnType<typeof getPolicyVersion>>;

export async function diffPolicyVersions(ctx: ServiceContext, actor: Actor, from: number, to: number) {
  requirePermission(actor, "policies:read");
  const rows = await ctx.db.policySet.findMany({ where: { version: { in: [from, to] } }, select: { version: true, text: true } });
  const text = (v: number) => {
    const row = rows.find((r) => r.version === v);
    if (!row) throw new AppError("not_found", `there is no policy version ${v}`);
    return row.text;
  };
  return { from, to, ...diffPolicyTexts(text(from), text(to)) };
}
