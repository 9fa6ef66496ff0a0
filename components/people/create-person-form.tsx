"use client";
// Adds a person with a role. The password is optional: people who only sign
// in through single sign-on never get one.
import { useState, type FormEvent } from "react";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { splitErrors } from "@/lib/client/api";
import { useCreatePerson } from "@/lib/client/use-people";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import { Panel } from "@/components/ui/page-header";

type PersonField = "email" | "name" | "role" | "password";
const FIELDS: readonly string[] = ["email", "name", "role", "password"];
const EMPTY = { email: "", name: "", role: "OWNER" as Role, password: "" };

export function CreatePersonForm() {
  const create = useCreatePerson();
  const [values, setValues] = useState(EMPTY);
  const [created, setCreated] = useState<string | null>(null);
  const errors = splitErrors<PersonField>(create.error, (p) => (FIELDS.includes(p) ? (p as PersonField) : null));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setCreated(null);
    try {
      const person = await create.mutateAsync({ ...values, password: values.password || undefined });
      setCreated(`${person.name} was added as ${ROLE_LABELS[person.role as Role].toLowerCase()}.`);
      setValues(EMPTY);
    } catch {
      // Shown from create.error.
    }
  }

  const set = (key: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));
  return (
    <Panel title="Add a person">
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Add a person">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" error={errors.fields.name}>
            {(p) => <input {...p} autoComplete="off" className={INPUT_CLASS} value={values.name} onChange={set("name")} />}
          </Field>
          <Field label="Email" error={errors.fields.email}>
            {(p) => <input {...p} type="email" autoComplete="off" className={INPUT_CLASS} value={values.email} onChange={set("email")} />}
          </Field>
          <Field label="Role" error={errors.fields.role}>
            {(p) => (
              <select {...p} className={INPUT_CLASS} value={values.role} onChange={set("role")}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>{ROLE_LABELS[r]}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Initial password" optional error={errors.fields.password} hint="At least 12 characters. Leave empty for people who sign in with single sign-on.">
            {(p) => <input {...p} type="password" autoComplete="new-password" className={INPUT_CLASS} value={values.password} onChange={set("password")} />}
          </Field>
        </div>
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        {created && <Alert tone="success">{created}</Alert>}
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Add person"}
        </Button>
      </form>
    </Panel>
  );
}
