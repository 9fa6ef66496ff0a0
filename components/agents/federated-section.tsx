"use client";
// The agent's federated subjects (workload identity federation): which
// platform tokens authenticate as this agent. Each row: a trusted issuer, the
// subject (exact, or with * standing for any run of characters) and the claims
// the token must carry (one name=value per line).
import Link from "next/link";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { useTrustConfigurations } from "@/lib/client/use-trust";
import type { FederatedRow } from "./agent-form-model";
import type { SectionProps } from "./agent-form-sections";

const SUBJECT_HINT = "Exact, or with * for any run of characters: repo:acme/app:ref:refs/heads/main, system:serviceaccount:ci:deployer, spiffe://example.org/ns/ci/sa/*";

export function FederatedSection(props: SectionProps) {
  const { values, set, errors } = props;
  const trust = useTrustConfigurations();
  const rows = values.federated;
  const update = (i: number, patch: Partial<FederatedRow>) => set("federated", rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const remove = (i: number) => set("federated", rows.filter((_, j) => j !== i));
  const add = () => set("federated", [...rows, { trustConfigurationId: trust.data?.[0]?.id ?? "", subject: "", claims: "" }]);
  return (
    <fieldset className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm sm:p-6">
      <legend className="px-1 text-base font-semibold text-zinc-900">Federated subjects</legend>
      <div className="mt-2 grid gap-5">
        <p className="text-sm text-zinc-600">
          Let the agent authenticate with its platform&apos;s own token (a CI job&apos;s OIDC token, a Kubernetes service-account token, a SPIFFE JWT-SVID) instead of, or
          besides, a key of its own. Issuers are set up under <Link href="/settings/trust" className="underline">Workload trust</Link>.
        </p>
        {trust.data?.length === 0 && <p className="text-sm text-zinc-500">No workload issuer is trusted yet.</p>}
        {rows.map((row, i) => (
          <div key={i} className="grid gap-4 rounded-md border border-zinc-200 p-3" role="group" aria-label={`Federated subject ${i + 1}`}>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Trusted issuer">
                {(p) => (
                  <select {...p} className={INPUT_CLASS} value={row.trustConfigurationId} disabled={!trust.data} onChange={(e) => update(i, { trustConfigurationId: e.target.value })}>
                    <option value="">Choose an issuer</option>
                    {(trust.data ?? []).map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name} ({t.issuer})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Subject" hint={SUBJECT_HINT}>
                {(p) => <input {...p} autoComplete="off" spellCheck={false} className={`${INPUT_CLASS} font-mono`} value={row.subject} onChange={(e) => update(i, { subject: e.target.value })} />}
              </Field>
            </div>
            <Field label="Required claims" optional hint="One per line as name=value, e.g. repository=acme/app or kubernetes.io.namespace=ci. Exact, case-sensitive.">
              {(p) => <textarea {...p} rows={2} spellCheck={false} className={`${INPUT_CLASS} font-mono text-xs`} value={row.claims} onChange={(e) => update(i, { claims: e.target.value })} />}
            </Field>
            <div>
              <Button onClick={() => remove(i)} aria-label={`Remove federated subject ${i + 1}`}>
                Remove
              </Button>
            </div>
          </div>
        ))}
        {errors.federated && <p className="text-sm text-red-700">{errors.federated}</p>}
        <div>
          <Button onClick={add} disabled={rows.length >= 10}>
            Add federated subject
          </Button>
        </div>
      </div>
    </fieldset>
  );
}
