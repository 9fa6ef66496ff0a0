"use client";
// Adds a trusted workload issuer: an OIDC issuer (keys discovered), an issuer
// with a pasted key set, or a SPIFFE trust domain with its JWT bundle.
import { useState, type FormEvent } from "react";
import { splitErrors } from "@/lib/client/api";
import { useCreateTrust, type TrustPayload } from "@/lib/client/use-trust";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import { Panel } from "@/components/ui/page-header";
import { KIND_LABELS } from "./trust-table";

type TrustField = "name" | "kind" | "issuer" | "jwks" | "audiences" | "clockSkewSeconds" | "instanceClaim";
const FIELDS: TrustField[] = ["name", "kind", "issuer", "jwks", "audiences", "clockSkewSeconds", "instanceClaim"];

const ISSUER_HINT: Record<TrustPayload["kind"], string> = {
  OIDC: "Exactly as tokens carry it in iss, e.g. https://token.actions.githubusercontent.com. Keys are found at <issuer>/.well-known/openid-configuration.",
  STATIC_JWKS: "The exact iss of the tokens, e.g. https://kubernetes.default.svc.cluster.local.",
  SPIFFE: "The trust domain, e.g. spiffe://example.org.",
};

export function CreateTrustForm() {
  const create = useCreateTrust();
  const [v, setV] = useState({ name: "", kind: "OIDC" as TrustPayload["kind"], issuer: "", jwks: "", audiences: "", clockSkewSeconds: "60", instanceClaim: "" });
  const set = (k: keyof typeof v, value: string) => setV((old) => ({ ...old, [k]: value }));
  const errors = splitErrors<TrustField>(create.error, (p) => FIELDS.find((f) => p === f || p.startsWith(`${f}.`)) ?? null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const payload: TrustPayload = {
      name: v.name,
      kind: v.kind,
      issuer: v.issuer.trim(),
      audiences: v.audiences.split(/[\n,]/).map((a) => a.trim()).filter(Boolean),
      clockSkewSeconds: Number(v.clockSkewSeconds),
      instanceClaim: v.instanceClaim.trim() || null,
      ...(v.kind !== "OIDC" && { jwks: v.jwks }),
    };
    try {
      await create.mutateAsync(payload);
      setV({ name: "", kind: "OIDC", issuer: "", jwks: "", audiences: "", clockSkewSeconds: "60", instanceClaim: "" });
    } catch {
      // Shown from create.error.
    }
  }

  return (
    <Panel title="Trust a workload issuer">
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Trust a workload issuer">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" error={errors.fields.name} hint="e.g. “GitHub Actions” or “Production cluster”.">
            {(p) => <input {...p} autoComplete="off" className={INPUT_CLASS} value={v.name} onChange={(e) => set("name", e.target.value)} />}
          </Field>
          <Field label="Kind" error={errors.fields.kind}>
            {(p) => (
              <select {...p} className={INPUT_CLASS} value={v.kind} onChange={(e) => set("kind", e.target.value)}>
                {(Object.keys(KIND_LABELS) as TrustPayload["kind"][]).map((k) => (
                  <option key={k} value={k}>{KIND_LABELS[k]}</option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label={v.kind === "SPIFFE" ? "Trust domain" : "Issuer"} error={errors.fields.issuer} hint={ISSUER_HINT[v.kind]}>
          {(p) => <input {...p} autoComplete="off" spellCheck={false} className={`${INPUT_CLASS} font-mono`} value={v.issuer} onChange={(e) => set("issuer", e.target.value)} />}
        </Field>
        {v.kind !== "OIDC" && (
          <Field label={v.kind === "SPIFFE" ? "JWT bundle (JWKS)" : "Public keys (JWKS)"} error={errors.fields.jwks} hint="Public RSA, EC or Ed25519 signing keys only.">
            {(p) => <textarea {...p} rows={6} spellCheck={false} className={`${INPUT_CLASS} font-mono text-xs`} placeholder='{"keys": [ … ]}' value={v.jwks} onChange={(e) => set("jwks", e.target.value)} />}
          </Field>
        )}
        <Field label="Accepted audiences" error={errors.fields.audiences} hint="One per line. A token must carry one of them in aud: use a value that names this Mandate.">
          {(p) => <textarea {...p} rows={2} spellCheck={false} className={`${INPUT_CLASS} font-mono`} value={v.audiences} onChange={(e) => set("audiences", e.target.value)} />}
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Clock skew (seconds)" error={errors.fields.clockSkewSeconds} hint="0 to 300: tolerance for exp, nbf and iat.">
            {(p) => <input {...p} type="number" min={0} max={300} inputMode="numeric" className={INPUT_CLASS} value={v.clockSkewSeconds} onChange={(e) => set("clockSkewSeconds", e.target.value)} />}
          </Field>
          <Field label="Instance claim" optional error={errors.fields.instanceClaim} hint="A claim naming the workload instance, e.g. run_id or kubernetes.io.pod.uid.">
            {(p) => <input {...p} autoComplete="off" spellCheck={false} className={`${INPUT_CLASS} font-mono`} value={v.instanceClaim} onChange={(e) => set("instanceClaim", e.target.value)} />}
          </Field>
        </div>
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Trust issuer"}
        </Button>
      </form>
    </Panel>
  );
}
