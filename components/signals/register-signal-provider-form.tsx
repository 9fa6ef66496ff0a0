"use client";
// Registers a signal provider: a name and the public JWKS (JSON) whose keys
// sign its Security Event Tokens or bearer assertions. The JSON is parsed
// here only to say early that it is not JSON; the server validates the keys
// (public members only, Ed25519 or P-256, with kids) and its reasons are
// shown next to the field.
import { useState, type FormEvent } from "react";
import { splitErrors } from "@/lib/client/api";
import { useRegisterSignalProvider, type SignalProviderView } from "@/lib/client/use-signal-providers";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import { Panel } from "@/components/ui/page-header";

type ProviderField = "name" | "jwks";

export function RegisterSignalProviderForm() {
  const register = useRegisterSignalProvider();
  const [name, setName] = useState("");
  const [jwks, setJwks] = useState("");
  const [notJson, setNotJson] = useState<string | null>(null);
  const [registered, setRegistered] = useState<SignalProviderView | null>(null);
  const errors = splitErrors<ProviderField>(register.error, (p) => (p === "name" ? "name" : p === "jwks" || p.startsWith("jwks") ? "jwks" : null));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setRegistered(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(jwks);
    } catch {
      register.reset();
      setNotJson("Paste the provider's public key set as JSON: {\"keys\": [ … ]}.");
      return;
    }
    setNotJson(null);
    try {
      const created = await register.mutateAsync({ name, jwks: parsed });
      setName("");
      setJwks("");
      setRegistered(created);
    } catch {
      // Shown from register.error.
    }
  }

  return (
    <Panel title="Register a signal provider">
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Register a signal provider">
        {registered && (
          <Alert tone="success">
            “{registered.name}” is registered. Its provider id is <span className="font-mono">{registered.id}</span>: use it as the <span className="font-mono">iss</span> of its signals.
          </Alert>
        )}
        <Field label="Name" error={errors.fields.name} hint="The system that reports, e.g. “Kubernetes production cluster” or “Secret scanner”.">
          {(p) => <input {...p} autoComplete="off" className={INPUT_CLASS} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Public keys (JWKS)" error={notJson ?? errors.fields.jwks} hint="Ed25519 or P-256 public keys, each with a kid. Never paste a private key: Mandate refuses it.">
          {(p) => <textarea {...p} rows={6} spellCheck={false} className={`${INPUT_CLASS} font-mono text-xs`} placeholder={'{"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "…", "kid": "…"}]}'} value={jwks} onChange={(e) => setJwks(e.target.value)} />}
        </Field>
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        <Button type="submit" variant="primary" disabled={register.isPending}>
          {register.isPending ? "Registering…" : "Register provider"}
        </Button>
      </form>
    </Panel>
  );
}
