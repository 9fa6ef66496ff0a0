import { z } from "zod";
import { ZId, ZText } from "./text";
import { ZFederatedSubjects } from "./trust";
import { productionAlias } from "@/lib/domain/agent";

export const RISK_TIERS = ["LOW", "HIGH", "CRITICAL"] as const;
export const AGENT_STATUSES = ["ACTIVE", "SUSPENDED", "DECOMMISSIONED"] as const;
export const MAX_TTL_SECONDS = 24 * 3600;

export const ZAgentName = ZText({ min: 1, max: 64 }).refine(
  (s) => /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u.test(s),
  "must start with a letter or digit and contain only letters, digits, spaces, dots, dashes and underscores",
);

export const ZEnvironment = z
  .string({ error: "must be a string" })
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "must be a short lower-case name such as development, staging or production"));

/** An agent's own environment: also not production under another name (productionAlias). */
export const ZAgentEnvironment = ZEnvironment.refine(
  (s) => !productionAlias(s),
  "names production by another name: call it production, the name the policies recognise (writes to production need a person's approval)",
);

export const ZAudience = z
  .string({ error: "must be a string" })
  .transform((s) => s.trim())
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password && !u.hash && s.length <= 2048;
    } catch {
      return false;
    }
  }, "must be an absolute http(s) URL without credentials or fragment");

export const ZAction = z
  .string({ error: "must be a string" })
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().regex(/^[a-z][a-z0-9_:.-]{0,63}$/, "must be a verb such as read, write or deploy-to-production"));

const unique = <T,>(xs: T[]) => [...new Set(xs)];

export const ZCeiling = z.strictObject({
  audiences: z.array(ZAudience, { error: "must be a list of URLs" }).min(1, "needs at least one audience").max(20, "at most 20 audiences").transform(unique),
  actions: z.array(ZAction, { error: "must be a list of verbs" }).min(1, "needs at least one action").max(50, "at most 50 actions").transform(unique),
  maxTtlSeconds: z
    .number({ error: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(1, "must be at least 1 second")
    .max(MAX_TTL_SECONDS, `must be at most ${MAX_TTL_SECONDS} seconds (24 h)`),
});
export type TCeiling = z.infer<typeof ZCeiling>;

export const ZRiskTier = z.enum(RISK_TIERS, { error: `must be one of ${RISK_TIERS.join(", ")}` });

const ZSpiffeId = z
  .string()
  .trim()
  .max(2048)
  .regex(/^spiffe:\/\/[a-z0-9.-]+(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+$/, "must be a SPIFFE ID like spiffe://example.org/ns/prod/sa/billing");

/**
 * jwks stays `unknown` here: lib/domain/jwks.ts gives the precise error. It may
 * be left out (or empty) when the agent is bound to a federated subject.
 */
export const ZRegisterAgent = z.strictObject({
  name: ZAgentName,
  description: ZText({ max: 1000, multiline: true }).default(""),
  environment: ZAgentEnvironment,
  riskTier: ZRiskTier,
  ceiling: ZCeiling,
  jwks: z.unknown().optional(),
  requireDpop: z.boolean({ error: "must be true or false" }).optional(),
  spiffeId: ZSpiffeId.optional(),
  federatedSubjects: ZFederatedSubjects.optional(),
  ownerId: ZId.optional(),
  backupOwnerId: ZId.optional(),
});
export type TRegisterAgent = z.infer<typeof ZRegisterAgent>;

export const ZUpdateAgent = z
  .strictObject({
    name: ZAgentName.optional(),
    description: ZText({ max: 1000, multiline: true }).optional(),
    environment: ZAgentEnvironment.optional(),
    riskTier: ZRiskTier.optional(),
    ceiling: ZCeiling.optional(),
    jwks: z.unknown().optional(),
    requireDpop: z.boolean({ error: "must be true or false" }).optional(),
    spiffeId: ZSpiffeId.nullable().optional(),
    /** Replaces the agent's federated subjects; [] unbinds them all. */
    federatedSubjects: ZFederatedSubjects.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "nothing to change" });
export type TUpdateAgent = z.infer<typeof ZUpdateAgent>;

export const ZAssignOwner = z.strictObject({ ownerId: ZId, backupOwnerId: ZId.nullable().optional() });
export type TAssignOwner = z.infer<typeof ZAssignOwner>;

export const ZReason = z.strictObject({ reason: ZText({ min: 3, max: 500, multiline: true }) });

export const ZAgentListQuery = z.strictObject({
  q: z.string().max(100).optional(),
  status: z.enum(AGENT_STATUSES).optional(),
  environment: z.string().max(32).optional(),
  riskTier: ZRiskTier.optional(),
  ownerId: ZId.optional(),
  ownership: z.enum(["unowned", "pending", "owned"]).optional(),
  cursor: ZId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAgentListQuery = z.infer<typeof ZAgentListQuery>;
