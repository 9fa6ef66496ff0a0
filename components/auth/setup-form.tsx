"use client";
// Creates the first administrator, then signs them in. The API refuses once
// anyone exists, so a second visitor racing the first cannot become admin.
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { ApiError, apiFetch, splitErrors } from "@/lib/client/api";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";

type SetupField = "name" | "email" | "password";
const FIELDS: readonly string[] = ["name", "email", "password"];

export function SetupForm() {
  const [values, setValues] = useState({ name: "", email: "", password: "", confirm: "" });
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<{ fields: Partial<Record<SetupField | "confirm", string>>; form: string | null }>({ fields: {}, form: null });
  const set = (key: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (values.password !== values.confirm) {
      setErrors({ fields: { confirm: "The two passwords are not the same" }, form: null });
      return;
    }
    setPending(true);
    setErrors({ fields: {}, form: null });
    try {
      await apiFetch("/api/setup", { method: "POST", body: { name: values.name, email: values.email, password: values.password } });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        window.location.assign("/login");
        return;
      }
      setErrors(splitErrors<SetupField>(error, (p) => (FIELDS.includes(p) ? (p as SetupField) : null)));
      setPending(false);
      return;
    }
    const result = await signIn("credentials", { email: values.email, password: values.password, redirect: false }).catch(() => undefined);
    window.location.assign(result?.ok && !result.error ? "/agents" : "/login");
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {errors.form && <Alert tone="error">{errors.form}</Alert>}
      <Field label="Your name" error={errors.fields.name}>
        {(p) => <input {...p} autoComplete="name" className={INPUT_CLASS} value={values.name} onChange={set("name")} />}
      </Field>
      <Field label="Email" error={errors.fields.email}>
        {(p) => <input {...p} type="email" autoComplete="username" className={INPUT_CLASS} value={values.email} onChange={set("email")} />}
      </Field>
      <Field label="Password" hint="At least 12 characters." error={errors.fields.password}>
        {(p) => <input {...p} type="password" autoComplete="new-password" className={INPUT_CLASS} value={values.password} onChange={set("password")} />}
      </Field>
      <Field label="Confirm password" error={errors.fields.confirm}>
        {(p) => <input {...p} type="password" autoComplete="new-password" className={INPUT_CLASS} value={values.confirm} onChange={set("confirm")} />}
      </Field>
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? "Creating…" : "Create administrator"}
      </Button>
    </form>
  );
}
