"use client";
// The register/edit form's sections. Each control is labelled and points at
// its error and hint (aria-describedby) so refusals are read out in place.
import type { ChangeEvent, ReactNode } from "react";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import type { PersonView } from "@/lib/client/types";
import type { AgentFormField, AgentFormValues, TtlUnit } from "./agent-form-model";

export type SectionProps = {
  values: AgentFormValues;
  set: <K extends keyof AgentFormValues>(key: K, value: AgentFormValues[K]) => void;
  errors: Partial<Record<AgentFormField, string>>;
};

const text = (props: SectionProps, key: keyof AgentFormValues) => ({
  value: props.values[key] as string,
  onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => props.set(key, e.target.value as never),
});

function Fieldset({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm sm:p-6">
      <legend className="px-1 text-base font-semibold text-zinc-900">{legend}</legend>
      <div className="mt-2 grid gap-5">{children}</div>
    </fieldset>
  );
}

export function IdentitySection(props: SectionProps) {
  const { errors } = props;
  return (
    <Fieldset legend="Identity">
      <Field label="Name" error={errors.name} hint="Letters, digits, spaces, dots, dashes and underscores.">
        {(p) => <input {...p} className={INPUT_CLASS} autoComplete="off" {...text(props, "name")} />}
      </Field>
      <Field label="Description" optional error={errors.description} hint="What the agent does and for whom.">
        {(p) => <textarea {...p} rows={2} className={INPUT_CLASS} {...text(props, "description")} />}
      </Field>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Environment" error={errors.environment} hint="For example development, staging or production.">
          {(p) => <input {...p} list="environment-options" className={INPUT_CLASS} autoComplete="off" {...text(props, "environment")} />}
        </Field>
        <datalist id="environment-options">
          <option value="development" />
          <option value="staging" />
          <option value="production" />
        </datalist>
        <Field label="Risk tier" error={errors.riskTier} hint="High and critical agents must bind their credentials to their key (DPoP).">
          {(p) => (
            <select {...p} className={INPUT_CLASS} {...text(props, "riskTier")}>
              <option value="LOW">Low</option>
              <option value="HIGH">High</option>
              <option value="CRITICAL">Critical</option>
            </select>
          )}
        </Field>
      </div>
      <Field label="SPIFFE ID" optional error={errors.spiffeId} hint="The workload's SPIFFE ID, e.g. spiffe://example.org/ns/prod/sa/billing.">
        {(p) => <input {...p} className={INPUT_CLASS} autoComplete="off" {...text(props, "spiffeId")} />}
      </Field>
    </Fieldset>
  );
}

export function CeilingSection(props: SectionProps) {
  const { errors } = props;
  return (
    <Fieldset legend="Capability ceiling">
      <p className="text-sm text-zinc-600">The most this agent can ever be granted. Policy may grant less, never more.</p>
      <Field label="Audiences" error={errors.audiences} hint="One URL per line: the systems this agent may receive credentials for.">
        {(p) => <textarea {...p} rows={3} className={`${INPUT_CLASS} font-mono`} placeholder="https://billing.internal" {...text(props, "audiences")} />}
      </Field>
      <Field label="Actions" error={errors.actions} hint="Separated by commas or new lines, e.g. read, write, refund.">
        {(p) => <textarea {...p} rows={2} className={`${INPUT_CLASS} font-mono`} placeholder="read, write" {...text(props, "actions")} />}
      </Field>
      <Field label="Maximum credential lifetime" error={errors.ttl} hint="At most 24 hours. Shorter is safer.">
        {(p) => (
          <div className="flex gap-2">
            <input {...p} type="number" min={1} inputMode="numeric" className={`${INPUT_CLASS} max-w-40`} {...text(props, "ttlAmount")} />
            <select
              aria-label="Lifetime unit"
              className={`${INPUT_CLASS} max-w-40`}
              value={props.values.ttlUnit}
              onChange={(e) => props.set("ttlUnit", e.target.value as TtlUnit)}
            >
              <option value="seconds">seconds</option>
              <option value="minutes">minutes</option>
              <option value="hours">hours</option>
            </select>
          </div>
        )}
      </Field>
    </Fieldset>
  );
}

export function KeysSection(props: SectionProps) {
  const { errors, values, set } = props;
  const dpopLocked = values.riskTier !== "LOW";
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Key sets are small; a large file is not one.
    if (file && file.size <= 64 * 1024) set("jwks", await file.text());
    e.target.value = "";
  };
  return (
    <Fieldset legend="Keys">
      <Field
        label="Public keys (JWKS)"
        error={errors.jwks}
        hint="Paste the agent's public JSON Web Key Set, or a single public JWK. Ed25519 (EdDSA) or P-256 (ES256). Never paste a private key. Leave empty for an agent that authenticates only with its platform's token (federated subjects below)."
      >
        {(p) => <textarea {...p} rows={8} spellCheck={false} className={`${INPUT_CLASS} font-mono text-xs`} placeholder='{"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "…"}]}' {...text(props, "jwks")} />}
      </Field>
      <div>
        <label className="text-sm font-medium text-zinc-800">
          Load JWKS from a file
          <input type="file" accept=".json,.jwk,.jwks,application/json" onChange={onFile} className="mt-1 block w-full text-sm text-zinc-600 file:mr-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium" />
        </label>
      </div>
      <div>
        <label className="flex items-start gap-2 text-sm text-zinc-800">
          <input
            type="checkbox"
            className="mt-0.5 size-4 rounded border-zinc-300"
            checked={dpopLocked || values.requireDpop}
            disabled={dpopLocked}
            aria-describedby="dpop-hint"
            onChange={(e) => set("requireDpop", e.target.checked)}
          />
          <span className="font-medium">Require DPoP (sender-constrained credentials)</span>
        </label>
        <p id="dpop-hint" className="mt-1 text-xs text-zinc-500">
          {dpopLocked ? "Always on for high and critical agents." : "Credentials are bound to the agent's key, so a stolen token is useless on its own."}
        </p>
        {errors.requireDpop && <p className="mt-1 text-sm text-red-700">{errors.requireDpop}</p>}
      </div>
    </Fieldset>
  );
}

export function OwnersSection(props: SectionProps & { people: PersonView[] | undefined; loading: boolean }) {
  const { errors, people, loading } = props;
  const options = (people ?? []).map((p) => (
    <option key={p.id} value={p.id}>
      {p.name} ({p.email})
    </option>
  ));
  return (
    <Fieldset legend="Accountability">
      <p className="text-sm text-zinc-600">The owner is named now and must acknowledge before the agent counts as owned.</p>
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Owner" error={errors.ownerId}>
          {(p) => (
            <select {...p} className={INPUT_CLASS} disabled={loading} {...text(props, "ownerId")}>
              {options}
            </select>
          )}
        </Field>
        <Field label="Backup owner" optional error={errors.backupOwnerId}>
          {(p) => (
            <select {...p} className={INPUT_CLASS} disabled={loading} {...text(props, "backupOwnerId")}>
              <option value="">No backup owner</option>
              {options}
            </select>
          )}
        </Field>
      </div>
    </Fieldset>
  );
}
