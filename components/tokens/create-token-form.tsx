"use client";
import { useState, type FormEvent } from "react";
import { splitErrors } from "@/lib/client/api";
import { useCreateAccessToken } from "@/lib/client/use-tokens";
import type { CreatedAccessToken } from "@/lib/client/types";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import { Panel } from "@/components/ui/page-header";

const EXPIRY_OPTIONS = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "366", label: "1 year" },
  { value: "", label: "Never" },
];

export function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedAccessToken) => void }) {
  const create = useCreateAccessToken();
  const [name, setName] = useState("");
  const [expires, setExpires] = useState("90");
  const errors = splitErrors<"name" | "expiresInDays">(create.error, (p) => (p === "name" || p === "expiresInDays" ? p : null));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    try {
      const token = await create.mutateAsync({ name, expiresInDays: expires ? Number(expires) : undefined });
      setName("");
      onCreated(token);
    } catch {
      // Shown from create.error.
    }
  }

  return (
    <Panel title="Create a token">
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Create a token">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Token name" error={errors.fields.name} hint="What it is for, e.g. “CI pipeline”.">
            {(p) => <input {...p} autoComplete="off" className={INPUT_CLASS} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label="Expires after" error={errors.fields.expiresInDays}>
            {(p) => (
              <select {...p} className={INPUT_CLASS} value={expires} onChange={(e) => setExpires(e.target.value)}>
                {EXPIRY_OPTIONS.map((o) => (
                  <option key={o.label} value={o.value}>{o.label}</option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create token"}
        </Button>
      </form>
    </Panel>
  );
}
