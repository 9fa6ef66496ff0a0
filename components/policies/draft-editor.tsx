"use client";
// The draft page: the Cedar editor with checks as one types (errors at line
// and column), formatting, the draft's test cases, the library of shipped
// rules, and — below — simulation, what-if and four-eyes activation.
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import type { PolicyTestCase } from "@/lib/domain/policy/run-policy-tests";
import { errorMessage } from "@/lib/client/api";
import type { PolicyOverview } from "@/lib/client/policy-types";
import type { AgentView } from "@/lib/client/types";
import { useActivatePolicyDraft, useDiscardPolicyDraft, useFormatPolicy, usePolicyCheck, usePolicyDraft, useProposePolicyDraft, useSavePolicyDraft } from "@/lib/client/use-policies";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { useCan, useViewer } from "@/components/viewer-context";
import { CedarEditor } from "./cedar-editor";
import { LibraryList } from "./library-list";
import { DraftStatusBadge } from "./version-badges";
import { SimulationPanel } from "./simulation-panel";
import { WhatIfPanel } from "./what-if-panel";
import { ActivationPanel } from "./activation-panel";
import { ProblemsList, parseTests } from "./problems-list";
import { DiffView } from "./diff-view";
import { diffPolicyTexts } from "@/lib/domain/policy/diff";

const CHECK_DELAY_MS = 400;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

const pretty = (tests: PolicyTestCase[]) => JSON.stringify(tests, null, 2);

export function DraftEditor({ id, library, agents, activeVersion, activeText }: { id: string; library: PolicyOverview["library"]; agents: AgentView[]; activeVersion: number | null; activeText: string }) {
  const { data: draft, error } = usePolicyDraft(id);
  const viewer = useViewer();
  const canActivate = useCan("policies:activate");
  const save = useSavePolicyDraft(id);
  const propose = useProposePolicyDraft(id);
  const discard = useDiscardPolicyDraft(id);
  const format = useFormatPolicy();
  const activate = useActivatePolicyDraft(id);
  const [text, setText] = useState(draft?.text ?? "");
  const [testsText, setTestsText] = useState(draft ? pretty(draft.tests) : "[]");
  const [title, setTitle] = useState(draft?.title ?? "");
  const [loadedRevision, setLoadedRevision] = useState(draft?.revision);
  // Loaded once. Later revisions come from this editor's own saves, so what the
  // editor holds is never replaced (keys typed while a save is in flight stay,
  // shown as unsaved); an edit from another tab makes the next save answer 409.
  useEffect(() => {
    if (draft && loadedRevision === undefined) {
      setText(draft.text);
      setTestsText(pretty(draft.tests));
      setTitle(draft.title);
      setLoadedRevision(draft.revision);
    }
  }, [draft, loadedRevision]);

  const tests = useMemo(() => parseTests(testsText), [testsText]);
  const checkInput = useDebounced(useMemo(() => ({ text, tests: tests.ok ? tests.cases : undefined }), [text, tests]), CHECK_DELAY_MS);
  const check = usePolicyCheck(checkInput.text ? checkInput : null);
  const problemLines = useMemo(() => new Set((check.data?.errors ?? []).map((e) => e.line).filter((l): l is number => typeof l === "number")), [check.data]);

  if (!draft) return <Alert tone="error">{error ? errorMessage(error) : "Loading draft…"}</Alert>;
  const isAuthor = draft.author.id === viewer.id;
  const editable = isAuthor && (draft.status === "DRAFT" || draft.status === "PROPOSED");
  const dirty = text !== draft.text || title !== draft.title || testsText !== pretty(draft.tests);
  const checkedCurrent = check.data && checkInput.text === text && !check.isFetching;
  const canPropose = editable && draft.status === "DRAFT" && !dirty && tests.ok && checkedCurrent && check.data?.ok;
  const mutationError = save.error ?? propose.error ?? discard.error ?? format.error;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/policies" className="text-accent-700 hover:underline">Policies</Link>
        <span aria-hidden className="mx-1.5 text-zinc-400">/</span>
        <span className="text-zinc-600">Draft</span>
      </nav>
      <PageHeader
        title={draft.title}
        description={
          <span className="mt-1 flex flex-wrap items-center gap-2">
            <DraftStatusBadge status={draft.status} />
            <span>
              Revision {draft.revision} by {draft.author.name}, from version {draft.baseVersion}
              {draft.activatedVersion && (
                <>
                  {" "}— activated as{" "}
                  <Link className="text-accent-700 hover:underline" href={`/policies/versions/${draft.activatedVersion}`}>
                    version {draft.activatedVersion}
                  </Link>
                </>
              )}
            </span>
          </span>
        }
        actions={
          editable ? (
            <>
              <Button disabled={format.isPending} onClick={() => format.mutate(text, { onSuccess: (r) => setText(r.text) })}>
                Format
              </Button>
              <Button variant="primary" disabled={!dirty || !tests.ok || save.isPending} onClick={() => save.mutate({ revision: draft.revision, title, text, tests: tests.ok ? tests.cases : undefined })}>
                {save.isPending ? "Saving…" : "Save"}
              </Button>
              <Button disabled={!canPropose || propose.isPending} onClick={() => propose.mutate(undefined)}>
                Propose for activation
              </Button>
              <Button variant="ghost" disabled={discard.isPending} onClick={() => discard.mutate(undefined)}>
                Discard
              </Button>
            </>
          ) : undefined
        }
      />
      <div className="space-y-6">
        {mutationError && <Alert tone="error">{errorMessage(mutationError)}</Alert>}
        {propose.isSuccess && draft.status === "PROPOSED" && <Alert tone="success">Proposed. Another admin or security lead must simulate it and activate it.</Alert>}
        {editable && draft.status === "PROPOSED" && !propose.isSuccess && <Alert tone="info">Proposed and waiting for a second person. Saving a change takes it back to a draft.</Alert>}
        {editable && dirty && <p className="text-sm text-amber-800">Unsaved changes — save before proposing.</p>}
        <div className="grid gap-6 xl:grid-cols-[1fr_22rem]">
          <div className="min-w-0 space-y-4">
            {editable && (
              <label className="block text-sm">
                <span className="mb-1 block font-medium text-zinc-800">Title</span>
                <input className="block w-full rounded-md border border-zinc-300 px-3 py-2 text-sm" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} />
              </label>
            )}
            <CedarEditor value={text} onChange={setText} problemLines={problemLines} readOnly={!editable} label="Policy text" describedBy="policy-problems" />
            <ProblemsList id="policy-problems" check={check.data ?? null} checking={check.isFetching || checkInput.text !== text} checkError={check.error} tests={tests} />
            <ChangesAgainstActive activeVersion={activeVersion} activeText={activeText} text={text} />
            <details className="rounded-md border border-zinc-200 bg-white p-3" open={!tests.ok}>
              <summary className="cursor-pointer text-sm font-medium text-zinc-800">Policy test cases ({tests.ok ? tests.cases.length : "not valid JSON"})</summary>
              <p className="mt-2 text-xs text-zinc-600">Each case is a request and the outcome it must get (and, optionally, exactly which rules). Activation is refused while any case fails.</p>
              <textarea aria-label="Policy test cases (JSON)" className="mt-2 h-64 w-full rounded-md border border-zinc-300 p-2 font-mono text-xs" value={testsText} readOnly={!editable} spellCheck={false} onChange={(e) => setTestsText(e.target.value)} />
            </details>
          </div>
          <aside aria-label="Library of shipped rules" className="space-y-2">
            <h2 className="text-base font-semibold text-zinc-900">Library of shipped rules</h2>
            <div className="max-h-[40rem] overflow-y-auto rounded-lg border border-zinc-200 bg-white p-3">
              <LibraryList
                rules={library}
                action={editable ? (rule) => <Button className="px-2 py-1 text-xs" onClick={() => setText(`${text.replace(/\s*$/, "")}\n\n${rule.text}\n`)} aria-label={`Insert ${rule.id}`}>Insert</Button> : undefined}
              />
            </div>
          </aside>
        </div>
        {draft.status !== "ACTIVATED" && draft.status !== "DISCARDED" && (
          <>
            <SimulationPanel draft={draft} />
            <WhatIfPanel draftId={draft.id} agents={agents} />
          </>
        )}
        {/* Stays after activation (the draft is then ACTIVATED) to show what activating did. */}
        {canActivate && (activate.isSuccess || (draft.status !== "ACTIVATED" && draft.status !== "DISCARDED")) && <ActivationPanel draft={draft} isAuthor={isAuthor} activeVersion={activeVersion} activate={activate} />}
      </div>
    </>
  );
}


/** What a reviewer reads first: the draft's text against the version active now. */
function ChangesAgainstActive({ activeVersion, activeText, text }: { activeVersion: number | null; activeText: string; text: string }) {
  const diff = useMemo(() => (activeVersion ? { from: activeVersion, to: 0, ...diffPolicyTexts(activeText, text) } : null), [activeVersion, activeText, text]);
  if (!diff) return null;
  return (
    <details className="rounded-md border border-zinc-200 bg-white p-3">
      <summary className="cursor-pointer text-sm font-medium text-zinc-800">
        Changes against version {activeVersion} (+{diff.added} −{diff.removed})
      </summary>
      <div className="mt-3">
        <DiffView diff={diff} newLabel="draft" />
      </div>
    </details>
  );
}
