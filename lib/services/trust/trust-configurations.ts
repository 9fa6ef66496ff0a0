// Reading trust configurations, and the rules every write applies: what an
// issuer must look like for each kind, and which kinds carry a key set.
import { AppError, invalidField } from "@/lib/errors";
import type { Db, Tx } from "@/lib/db/client";
import { isAllowedIssuerUrl, SPIFFE_TRUST_DOMAIN } from "@/lib/domain/federation";
import { validateIssuerJwks } from "@/lib/domain/federation-keys";
import { requirePermission } from "../require-permission";
import type { Actor, ServiceContext } from "../context";

export const TRUST_SELECT = {
  id: true,
  name: true,
  kind: true,
  issuer: true,
  jwks: true,
  audiences: true,
  clockSkewSeconds: true,
  instanceClaim: true,
  createdAt: true,
  updatedAt: true,
  createdBy: { select: { id: true, name: true, email: true } },
  _count: { select: { bindings: true } },
} as const;

type TrustRow = {
  id: string;
  name: string;
  kind: "OIDC" | "STATIC_JWKS" | "SPIFFE";
  issuer: string;
  jwks: string | null;
  audiences: string;
  clockSkewSeconds: number;
  instanceClaim: string | null;
  createdAt: Date;
  updatedAt: Date;
  createdBy: { id: string; name: string; email: string };
  _count: { bindings: number };
};

export function toTrustView(r: TrustRow) {
  const jwks = r.jwks === null ? null : (JSON.parse(r.jwks) as { keys: { kid?: string }[] });
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    issuer: r.issuer,
    jwks,
    keyIds: jwks ? jwks.keys.map((k) => k.kid ?? "(no kid)") : null,
    audiences: JSON.parse(r.audiences) as string[],
    clockSkewSeconds: r.clockSkewSeconds,
    instanceClaim: r.instanceClaim,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    createdBy: r.createdBy,
    boundAgents: r._count.bindings,
  };
}
export type TrustView = ReturnType<typeof toTrustView>;

export async function listTrustConfigurations(ctx: ServiceContext, actor: Actor) {
  requirePermission(actor, "trust:read");
  const rows = await ctx.db.trustConfiguration.findMany({ orderBy: { name: "asc" }, select: TRUST_SELECT });
  return rows.map(toTrustView);
}

export async function getTrustConfiguration(ctx: ServiceContext, actor: Actor, id: string) {
  requirePermission(actor, "trust:read");
  return toTrustView(await loadTrust(ctx.db, id));
}

export async function loadTrust(db: Db | Tx, id: string) {
  const row = await db.trustConfiguration.findUnique({ where: { id }, select: TRUST_SELECT });
  if (!row) throw new AppError("not_found", "no such trust configuration");
  return row;
}

/**
 * The issuer and key set a configuration of `kind` stores: OIDC issuers are
 * URLs (https, or http to a loopback host) and carry no key set (it is
 * discovered); static issuers are absolute URIs with a pasted key set; SPIFFE
 * configurations name a trust domain and carry its JWT bundle.
 */
export function checkTrustShape(kind: "OIDC" | "STATIC_JWKS" | "SPIFFE", issuer: string, jwks: unknown): { issuer: string; jwks: string | null } {
  if (kind === "OIDC") {
    const trimmed = issuer.replace(/\/+$/, "") || issuer;
    if (!isAllowedIssuerUrl(trimmed)) throw invalidField("issuer", "must be an https URL (http only to a loopback host such as 127.0.0.1) without credentials or fragment");
    if (jwks !== undefined && jwks !== null) throw invalidField("jwks", "an OIDC issuer's keys are discovered from its jwks_uri: leave the key set empty, or choose STATIC_JWKS");
    return { issuer: trimmed, jwks: null };
  }
  if (kind === "SPIFFE") {
    if (!SPIFFE_TRUST_DOMAIN.test(issuer)) throw invalidField("issuer", "must be a SPIFFE trust domain like spiffe://example.org (lower case, no path)");
  } else if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(issuer) || issuer.startsWith("spiffe://")) {
    throw invalidField("issuer", "must be the exact iss of the tokens, an absolute URI such as https://kubernetes.default.svc.cluster.local");
  }
  if (jwks === undefined || jwks === null || jwks === "") throw invalidField("jwks", kind === "SPIFFE" ? "the trust domain's JWT bundle (a JWKS) is required" : "the issuer's public key set (a JWKS) is required");
  const keys = validateIssuerJwks(jwks);
  if (!keys.ok) throw invalidField("jwks", keys.error);
  return { issuer, jwks: JSON.stringify(keys.jwks) };
}
