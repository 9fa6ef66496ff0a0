"use client";
// The form of every dialog that changes an agent's standing for the record
// (suspend, decommission, revoke …): a required reason of 3 to 500
// characters, the server's refusal if any, Cancel and a confirming button.
import { useState, type FormEvent, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";

export function ReasonForm({
  confirm,
  working,
  variant = "danger",
  disabled = false,
  error,
  onSubmit,
  onCancel,
  children,
}: {
  confirm: string;
  working: string;
  variant?: "primary" | "danger";
  disabled?: boolean;
  /** The server's refusal, shown above the buttons. */
  error: string | null;
  /** Called with the trimmed reason; resolves true when the dialog may close. */
  onSubmit: (reason: string) => Promise<boolean>;
  onCancel: () => void;
  /** Anything more the dialog asks for (a confirmation box). */
  children?: ReactNode;
}) {
  const [reason, setReason] = useState("");
  const [tooShort, setTooShort] = useState(false);
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (reason.trim().length < 3) {
      setTooShort(true);
      return;
    }
    setPending(true);
    try {
      if (await onSubmit(reason.trim())) setReason("");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <Field label="Reason" hint="Recorded in the audit trail. 3 to 500 characters." error={tooShort ? "Give a reason of at least 3 characters" : null}>
        {(p) => <textarea {...p} rows={3} maxLength={500} className={INPUT_CLASS} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      {children}
      {error && <Alert tone="error">{error}</Alert>}
      <div className="flex flex-wrap justify-end gap-2">
        <Button
          onClick={() => {
            setReason("");
            setTooShort(false);
            onCancel();
          }}
        >
          Cancel
        </Button>
        <Button type="submit" variant={variant} disabled={pending || disabled}>
          {pending ? working : confirm}
        </Button>
      </div>
    </form>
  );
}
