"use client";
// Email + password sign-in, and single sign-on when the installation has it.
// Every failure shows the same message: telling "unknown email" apart from
// "wrong password" or "locked out" would help someone guessing accounts.
import { getProviders, signIn } from "next-auth/react";
import { useEffect, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";

export const SIGN_IN_FAILED = "Sign-in failed. Check your email and password, or wait a few minutes if you tried several times.";

export const REAUTH_NOTICE = "Sign in again to approve a high-risk request. You will come straight back to it.";

export function LoginForm({
  callbackUrl,
  initialError,
  reauth = false,
  defaultEmail = "",
}: {
  callbackUrl: string;
  initialError: boolean;
  /** Asked for a fresh sign-in (approving HIGH/CRITICAL requests needs one from the last ten minutes). */
  reauth?: boolean;
  defaultEmail?: string;
}) {
  const [email, setEmail] = useState(defaultEmail);
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(initialError);
  const [sso, setSso] = useState<{ id: string; name: string } | null>(null);

  useEffect(() => {
    let cancelled = false;
    getProviders()
      .then((providers) => {
        const oidc = providers?.oidc;
        if (!cancelled && oidc) setSso({ id: oidc.id, name: oidc.name });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    setFailed(false);
    try {
      const result = await signIn("credentials", { email, password, redirect: false });
      if (result?.ok && !result.error) {
        // A full load, so the layout renders with the new session.
        window.location.assign(callbackUrl);
        return;
      }
    } catch {
      // Network and server errors look the same to the person: try again.
    }
    setFailed(true);
    setPending(false);
  }

  return (
    <div className="space-y-5">
      {reauth && !failed && <Alert tone="info">{REAUTH_NOTICE}</Alert>}
      {failed && <Alert tone="error">{SIGN_IN_FAILED}</Alert>}
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label="Email">
          {(p) => (
            <input {...p} type="email" autoComplete="username" required className={INPUT_CLASS} value={email} onChange={(e) => setEmail(e.target.value)} />
          )}
        </Field>
        <Field label="Password">
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              required
              className={INPUT_CLASS}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" className="w-full" disabled={pending || !email || !password}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {sso && (
        <>
          <div className="flex items-center gap-3 text-xs text-zinc-500">
            <span className="h-px flex-1 bg-zinc-200" />
            or
            <span className="h-px flex-1 bg-zinc-200" />
          </div>
          <Button className="w-full" onClick={() => void signIn(sso.id, { callbackUrl })}>
            Sign in with {sso.name}
          </Button>
        </>
      )}
    </div>
  );
}
