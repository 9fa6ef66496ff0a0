// What a draft adds to the active set, when adding is all it does. The common
// change is a new rule; then every policy of the active set is still there,
// word for word, and the draft decides like the active set plus the new
// policies — which the simulation uses to evaluate only the new ones on top of
// the active set's answers (simulate.ts, combineAnswers). Any removed or
// edited policy, and the answer is null: replay the draft as a whole.
import { policySetTextToParts, policyToJson } from "./cedar-engine";

function partsById(text: string): Map<string, string> | null {
  const parts = policySetTextToParts(text);
  if (parts.type === "failure" || parts.policy_templates.length > 0) return null;
  const byId = new Map<string, string>();
  for (const policy of parts.policies) {
    const json = policyToJson(policy);
    const id = json.type === "success" ? json.json.annotations?.id : undefined;
    if (!id || byId.has(id)) return null;
    byId.set(id, policy.trim());
  }
  return byId;
}

/** The texts of the policies `draft` adds to `active`, or null when it also removes or changes one. */
export function addedPolicies(activeText: string, draftText: string): string[] | null {
  const active = partsById(activeText);
  const draft = partsById(draftText);
  if (!active || !draft) return null;
  for (const [id, text] of active) if (draft.get(id) !== text) return null;
  return [...draft].filter(([id]) => !active.has(id)).map(([, text]) => text);
}
