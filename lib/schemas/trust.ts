// Trust configurations (workload identity federation) and agents' federated
// subjects, validated at the boundary. Key sets stay `unknown` here:
// lib/domain/federation-keys.ts gives the precise error.
import { z } from "zod";
import { CLAIM_NAME, MAX_REQUIRED_CLAIMS, subjectPatternProblem } from "@/lib/domain/federation";
import { ZId, ZText } from "./text";

export const TRUST_KINDS = ["OIDC", "STATIC_JWKS", "SPIFFE"] as const;
export const MAX_CLOCK_SKEW_SECONDS = 300;

const ZClaimName = z.string({ error: "must be a string" }).trim().regex(CLAIM_NAME, "must be a claim name such as repository, ref or kubernetes.io.namespace");

export const ZTrustAudiences = z
  .array(ZText({ min: 1, max: 512 }), { error: "must be a list of audiences" })
  .min(1, "needs at least one accepted audience")
  .max(20, "at most 20 audiences")
  .transform((xs) => [...new Set(xs)]);

const common = {
  name: ZText({ min: 1, max: 64 }),
  /** OIDC: the issuer URL. STATIC_JWKS: the exact iss. SPIFFE: the trust domain. Checked per kind in the service. */
  issuer: z.string({ error: "must be a string" }).trim().min(1, "is required").max(2048, "must be at most 2048 characters"),
  audiences: ZTrustAudiences,
  clockSkewSeconds: z.number({ error: "must be a number of seconds" }).int("must be a whole number of seconds").min(0, "must be at least 0").max(MAX_CLOCK_SKEW_SECONDS, `must be at most ${MAX_CLOCK_SKEW_SECONDS} seconds`),
  instanceClaim: ZClaimName.nullable(),
  jwks: z.unknown(),
};

export const ZCreateTrust = z.strictObject({
  ...common,
  kind: z.enum(TRUST_KINDS, { error: `must be one of ${TRUST_KINDS.join(", ")}` }),
  clockSkewSeconds: common.clockSkewSeconds.default(60),
  instanceClaim: common.instanceClaim.optional(),
  jwks: common.jwks.optional(),
});
export type TCreateTrust = z.infer<typeof ZCreateTrust>;

export const ZUpdateTrust = z
  .strictObject({
    name: common.name.optional(),
    issuer: common.issuer.optional(),
    audiences: common.audiences.optional(),
    clockSkewSeconds: common.clockSkewSeconds.optional(),
    instanceClaim: common.instanceClaim.optional(),
    jwks: common.jwks.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "nothing to change" });
export type TUpdateTrust = z.infer<typeof ZUpdateTrust>;

/** One federated subject an agent is bound to. */
export const ZFederatedSubject = z.strictObject({
  trustConfigurationId: ZId,
  subject: z
    .string({ error: "must be a string" })
    .trim()
    .superRefine((s, c) => {
      const problem = subjectPatternProblem(s);
      if (problem) c.addIssue({ code: "custom", message: problem });
    }),
  requiredClaims: z
    .record(ZClaimName, ZText({ min: 1, max: 512 }), { error: "must be an object of claim name → required value" })
    .refine((r) => Object.keys(r).length <= MAX_REQUIRED_CLAIMS, `at most ${MAX_REQUIRED_CLAIMS} required claims`)
    .default({}),
});
export type TFederatedSubject = z.infer<typeof ZFederatedSubject>;

export const ZFederatedSubjects = z.array(ZFederatedSubject, { error: "must be a list of federated subjects" }).max(10, "at most 10 federated subjects");
