"use client";
// Approve or deny, with a written justification. The digest on screen goes
// with the vote, so the decision covers exactly the request reviewed. The
// server's reason for a refusal is shown where it belongs: next to the
// justification, or above the buttons (a race lost, an expiry, a rule).
import { useEffect, useState } from "react";
import { ApiError, splitErrors } from "@/lib/client/api";
import type { StepUpDetail } from "@/lib/client/step-up-types";
import { ReauthenticationRequired, reauthenticationUrl, type useDecideStepUp, type Vote } from "@/lib/client/use-step-up-decision";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import { Panel } from "@/components/ui/page-header";

const JUSTIFICATION_RULE =
  "Required: at least 15 characters and three words. Say why this exact request is acceptable (or not); it is recorded with your name and shown to auditors.";

/** Kept across the sign-in round trip, so the person does not write it twice. */
const draftKey = (id: string) => `mandate.step-up-justification.${id}`;

type Decide = ReturnType<typeof useDecideStepUp>;

/** Errors about the request rather than the justification; shown even after the form is gone (a race lost). */
export function decisionRefusal(error: unknown): string | null {
  if (!error || error instanceof ReauthenticationRequired) return null;
  return splitErrors<"justification">(error, (p) => (p === "justification" ? p : null)).form;
}

export function RefusalAlert({ error }: { error: unknown }) {
  const message = decisionRefusal(error);
  if (!message) return null;
  const title =
    error instanceof ApiError && error.status === 409
      ? "Your decision was not recorded"
      : error instanceof ApiError && error.status === 403
        ? "You cannot decide this request"
        : "The decision failed";
  return <Alert tone="error" title={title}>{message}</Alert>;
}

export function DecideForm({ stepUp, decide }: { stepUp: StepUpDetail; decide: Decide }) {
  const [justification, setJustification] = useState("");
  const [vote, setVote] = useState<Vote | null>(null);
  const [reauthenticating, setReauthenticating] = useState(false);

  useEffect(() => {
    const draft = window.sessionStorage.getItem(draftKey(stepUp.id));
    if (draft) {
      window.sessionStorage.removeItem(draftKey(stepUp.id));
      setJustification(draft);
    }
  }, [stepUp.id]);

  const fieldError = decide.error instanceof ApiError ? decide.error.invalidParams.find((p) => p.name === "justification")?.reason : undefined;
  const highRisk = stepUp.agent.riskTier !== "LOW";

  async function submit(next: Vote) {
    setVote(next);
    try {
      await decide.mutateAsync({ vote: next, justification, requestDigest: stepUp.requestDigest });
      setJustification("");
    } catch (e) {
      if (e instanceof ReauthenticationRequired) {
        setReauthenticating(true);
        window.sessionStorage.setItem(draftKey(stepUp.id), justification);
        window.location.assign(reauthenticationUrl(stepUp.id));
      }
    }
  }

  const busy = decide.isPending || reauthenticating;
  return (
    <Panel title="Your decision">
      <form aria-label="Decide this request" noValidate onSubmit={(e) => e.preventDefault()} className="space-y-4">
        <Field label="Justification" hint={JUSTIFICATION_RULE} error={fieldError ? fieldError.charAt(0).toUpperCase() + fieldError.slice(1) : null}>
          {(p) => (
            <textarea
              {...p}
              rows={3}
              maxLength={2000}
              className={INPUT_CLASS}
              value={justification}
              disabled={busy}
              onChange={(e) => setJustification(e.target.value)}
            />
          )}
        </Field>
        {highRisk && (
          <p className="text-xs text-zinc-600">
            Approving a high-risk request needs a sign-in from the last ten minutes. If yours is older, you will be asked to sign in again and brought back here.
          </p>
        )}
        {reauthenticating && <Alert tone="info">Sign in again to approve a high-risk request. Taking you to sign-in…</Alert>}
        <div className="flex flex-wrap gap-2">
          <Button variant="primary" disabled={busy} onClick={() => void submit("approve")}>
            {decide.isPending && vote === "approve" ? "Approving…" : "Approve"}
          </Button>
          <Button variant="danger" disabled={busy} onClick={() => void submit("deny")}>
            {decide.isPending && vote === "deny" ? "Denying…" : "Deny"}
          </Button>
        </div>
      </form>
    </Panel>
  );
}
