// The log browser's one query: every audit event, filtered, newest first, in
// keyset pages (no OFFSET, no COUNT over the table).
import { AppError } from "@/lib/errors";
import { env, deriveSecret } from "@/lib/env";
import { findLogRows, type LogRow } from "@/lib/db/audit-log-repository";
import { decodeLogCursor, encodeLogCursor, filterDigest, type LogPosition } from "@/lib/domain/log-cursor";
import { LOG_FILTER_KEYS, type TLogFilters, type TLogQuery } from "@/lib/schemas/audit-log";
import { requirePermission } from "../require-permission";
import type { Actor, ServiceContext } from "../context";

let cursorKey: { secret: string; key: Buffer } | undefined;
function key(): Buffer {
  const secret = env().secret ?? "";
  if (!cursorKey || cursorKey.secret !== secret) cursorKey = { secret, key: deriveSecret("audit-log-cursor") };
  return cursorKey.key;
}

export function filtersOf(query: TLogFilters): TLogFilters {
  const f: Record<string, unknown> = {};
  for (const k of LOG_FILTER_KEYS) if (query[k] !== undefined) f[k] = query[k];
  return f as TLogFilters;
}

function digestOf(filters: TLogFilters): string {
  return filterDigest(Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : (v as string | number)])));
}

export type LogEntry = {
  seq: number;
  occurredAt: Date;
  type: string;
  outcome: string;
  actor: { type: string; id: string | null; label: string | null };
  target: { type: string; id: string } | null;
  agent: { id: string; name: string | null } | null;
  decision: { id: string; outcome: string; audience: string; actions: string[]; intent: string; policyVersion: number } | null;
};

export type LogPage = {
  items: LogEntry[];
  nextCursor: string | null;
  /** True when the page stopped because the per-request scan budget ran out (the filters matched sparsely); `nextCursor` continues the search. */
  partial: boolean;
  /** With `partial`: how far back in time this request has looked. */
  searchedBack: Date | null;
};

export async function listAuditLog(ctx: ServiceContext, actor: Actor, query: TLogQuery): Promise<LogPage> {
  requirePermission(actor, "audit:read");
  const filters = filtersOf(query);
  const digest = digestOf(filters);
  let after: LogPosition | null = null;
  if (query.cursor) {
    const decoded = decodeLogCursor(query.cursor, digest, key());
    if (!decoded.ok) throw new AppError("validation_failed", `cursor: ${decoded.reason}`, { invalidParams: [{ name: "cursor", reason: decoded.reason }] });
    after = decoded.position;
  }
  const { rows, budgetExhaustedAt } = await findLogRows(ctx.db, filters, after, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const names = await agentNames(ctx, page);
  const more = rows.length > query.limit;
  const next = more ? page[page.length - 1] : budgetExhaustedAt;
  return {
    items: page.map((r) => toEntry(r, names)),
    nextCursor: next ? encodeLogCursor({ occurredAt: next.occurredAt, seq: next.seq }, digest, key()) : null,
    partial: !more && budgetExhaustedAt !== null,
    searchedBack: !more && budgetExhaustedAt ? budgetExhaustedAt.occurredAt : null,
  };
}

async function agentNames(ctx: ServiceContext, rows: LogRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r.agentId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const agents = await ctx.db.agentIdentity.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(agents.map((a) => [a.id, a.name]));
}

function toEntry(r: LogRow, names: Map<string, string>): LogEntry {
  return {
    seq: r.seq,
    occurredAt: r.occurredAt,
    type: r.type,
    outcome: r.outcome,
    actor: { type: r.actorType, id: r.actorId, label: r.actorLabel },
    target: r.targetType && r.targetId ? { type: r.targetType, id: r.targetId } : null,
    agent: r.agentId ? { id: r.agentId, name: names.get(r.agentId) ?? null } : null,
    decision:
      r.decisionId && r.decisionOutcome
        ? {
            id: r.decisionId,
            outcome: r.decisionOutcome,
            audience: r.decisionAudience ?? "",
            actions: JSON.parse(r.decisionActions ?? "[]") as string[],
            intent: r.decisionIntent ?? "",
            policyVersion: r.decisionPolicyVersion ?? 0,
          }
        : null,
  };
}
