// How policy versions, drafts and simulations are read and shown: the fields
// a caller needs, and the views the API answers with.
import type { Db, Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { compilePolicySet, type CompileResult } from "@/lib/domain/policy/policy-set";
import type { CompileError } from "@/lib/domain/policy/types";
import type { PolicyTestCase } from "@/lib/domain/policy/run-policy-tests";

const PERSON = { select: { id: true, name: true, email: true } } as const;
export type PersonRef = { id: string; name: string; email: string };

export const POLICY_VERSION_SELECT = {
  id: true,
  version: true,
  description: true,
  createdAt: true,
  activatedAt: true,
  deactivatedAt: true,
  active: true,
  draftId: true,
  testsJson: true,
  author: PERSON,
  approver: PERSON,
} as const;

type VersionRow = {
  id: string;
  version: number;
  description: string;
  createdAt: Date;
  activatedAt: Date | null;
  deactivatedAt: Date | null;
  active: boolean;
  draftId: string | null;
  testsJson: string;
  author: PersonRef | null;
  approver: PersonRef | null;
};

export function toVersionSummary(row: VersionRow) {
  return {
    version: row.version,
    // Versions come into being by activation only, so a version that is not active was replaced.
    status: row.active ? ("ACTIVE" as const) : ("SUPERSEDED" as const),
    description: row.description,
    author: row.author,
    approver: row.approver,
    draftId: row.draftId,
    tests: parseTests(row.testsJson).length,
    createdAt: row.createdAt.toISOString(),
    activatedAt: row.activatedAt?.toISOString() ?? null,
    deactivatedAt: row.deactivatedAt?.toISOString() ?? null,
  };
}
export type PolicyVersionSummary = ReturnType<typeof toVersionSummary>;

export const DRAFT_SELECT = {
  id: true,
  title: true,
  text: true,
  testsJson: true,
  revision: true,
  status: true,
  baseVersion: true,
  proposedAt: true,
  createdAt: true,
  updatedAt: true,
  author: PERSON,
  policySet: { select: { version: true } },
} as const;

type DraftRow = {
  id: string;
  title: string;
  text: string;
  testsJson: string;
  revision: number;
  status: "DRAFT" | "PROPOSED" | "ACTIVATED" | "DISCARDED";
  baseVersion: number;
  proposedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  author: PersonRef;
  policySet: { version: number } | null;
};

export function toDraftSummary(row: Omit<DraftRow, "text" | "testsJson">) {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    revision: row.revision,
    baseVersion: row.baseVersion,
    author: row.author,
    activatedVersion: row.policySet?.version ?? null,
    proposedAt: row.proposedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type PolicyDraftSummary = ReturnType<typeof toDraftSummary>;

export function toDraftDetail(row: DraftRow) {
  return { ...toDraftSummary(row), text: row.text, tests: parseTests(row.testsJson) };
}

export function parseTests(json: string): PolicyTestCase[] {
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) ? (parsed as PolicyTestCase[]) : [];
  } catch {
    return [];
  }
}

export async function findDraftOrThrow(db: Db | Tx, id: string) {
  const draft = await db.policyDraft.findUnique({ where: { id }, select: { ...DRAFT_SELECT, authorId: true } });
  if (!draft) throw new AppError("not_found", "no such policy draft");
  return draft;
}

/** The active version's row (text, schema, tests). Installing the default first is getActivePolicy's job. */
export async function findActiveRow(db: Db | Tx) {
  const row = await db.policySet.findFirst({ where: { active: true }, orderBy: { version: "desc" }, select: { version: true, text: true, schemaText: true, testsJson: true } });
  if (!row) throw new AppError("unavailable", "no policy set is active yet");
  return row;
}

/** Compile errors as invalid_params naming the line and column, the way the editor shows them. */
export function compileErrorParams(errors: readonly CompileError[], name = "text") {
  return errors.slice(0, 50).map((e) => ({ name, reason: `${e.line ? `line ${e.line}, column ${e.column}: ` : ""}${e.message}` }));
}

export function compileOrRefuse(input: Parameters<typeof compilePolicySet>[0]): Extract<CompileResult, { ok: true }>["snapshot"] {
  const compiled = compilePolicySet(input);
  if (!compiled.ok) {
    const [first] = compiled.errors;
    const where = first.line ? ` (line ${first.line}, column ${first.column})` : "";
    throw new AppError("validation_failed", `the policy set does not validate${where}: ${first.message}`, { invalidParams: compileErrorParams(compiled.errors) });
  }
  return compiled.snapshot;
}
