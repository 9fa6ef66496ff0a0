"use client";
// Starts a draft (a copy of the active set and its tests) and opens its editor.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage } from "@/lib/client/api";
import { useCreatePolicyDraft } from "@/lib/client/use-policies";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";

export function NewDraftForm() {
  const router = useRouter();
  const create = useCreatePolicyDraft();
  const [title, setTitle] = useState("");
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ title }, { onSuccess: (draft) => router.push(`/policies/drafts/${draft.id}`) });
      }}
    >
      <Field label="What the change is for" hint="Starts from the active version's text and test cases.">
        {(control) => <input {...control} className={INPUT_CLASS} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Freeze exports during the audit" required minLength={3} maxLength={120} />}
      </Field>
      {create.error && <Alert tone="error">{errorMessage(create.error)}</Alert>}
      <Button type="submit" variant="primary" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "New draft"}
      </Button>
    </form>
  );
}
