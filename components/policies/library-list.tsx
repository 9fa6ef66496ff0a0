import type { PolicyOverview } from "@/lib/client/policy-types";
import { Badge } from "@/components/ui/badge";
import { CodeView } from "./code-view";

export type LibraryRule = PolicyOverview["library"][number];

export function RuleKind({ rule }: { rule: LibraryRule }) {
  if (rule.effect === "permit") return <Badge tone="green">permit</Badge>;
  return rule.stepUp ? <Badge tone="amber">step-up</Badge> : <Badge tone="red">deny</Badge>;
}

/** The shipped rules with why each exists; `action` adds a control per rule (the editor's "Insert"). */
export function LibraryList({ rules, action }: { rules: LibraryRule[]; action?: (rule: LibraryRule) => React.ReactNode }) {
  return (
    <ul className="divide-y divide-zinc-100">
      {rules.map((rule) => (
        <li key={rule.id} className="py-3 first:pt-0 last:pb-0">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="font-mono text-sm font-semibold text-zinc-900">{rule.id}</h3>
            <div className="flex items-center gap-2">
              <RuleKind rule={rule} />
              {action?.(rule)}
            </div>
          </div>
          <p className="mt-1 text-sm text-zinc-700">{rule.explanation}</p>
          <details className="mt-2">
            <summary className="cursor-pointer text-xs font-medium text-accent-700">Show the rule</summary>
            <div className="mt-2">
              <CodeView text={rule.text} label={`Rule ${rule.id}`} />
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
