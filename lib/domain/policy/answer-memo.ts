// Cedar's answers for one compiled policy set, memoised per verb on what the
// set can read (input-reads.ts: replayKey). Cedar is deterministic, and two
// requests that agree on everything a set reads — and on the shape of the
// rest — get the same answer from it, so asking again is only cost: most of
// a decision's time is Cedar converting the request's entities, not
// evaluating the policies.
//
// The broker keeps one bounded memo per active snapshot (it dies with the
// snapshot, so an activation starts empty) and keeps only clean answers: an
// evaluation error or a refused request is asked again each time. A
// simulation keeps one memo per set for its run, errors included, and reads
// how many evaluations it needed.
import type { RawVerbAnswer } from "./decide";
import { replayKey } from "./input-reads";
import type { DecisionRequest, PolicySnapshot } from "./types";

export type AnswerMemo = {
  /** The compiled set the answers are for; decide() bypasses a memo of another set. */
  readonly policySetId: string;
  /** The memoised answer for `verb`, or `evaluate()`'s (remembered if allowed). */
  answer(request: DecisionRequest, verb: string, evaluate: () => RawVerbAnswer): RawVerbAnswer;
  /** Answers held (for a simulation: the evaluations it needed). */
  readonly size: number;
};

export type AnswerMemoOptions = {
  /** At most this many answers; the oldest goes first. */
  capacity: number;
  /** Remember evaluation errors and refusals too (a simulation), or only clean answers (the broker). */
  keepErrors: boolean;
  /**
   * For a set whose reads cannot be pinned down, remember answers keyed on the
   * whole request (a simulation meets exact repeats); otherwise ask Cedar
   * every time (the broker never meets the same request twice: task ids differ).
   */
  wholeRequestKeys: boolean;
};

/** The broker's memo: a few thousand kinds of request, clean answers only. */
export const BROKER_MEMO: AnswerMemoOptions = { capacity: 4096, keepErrors: false, wholeRequestKeys: false };

export function answerMemo(snapshot: Pick<PolicySnapshot, "policySetId" | "reads">, options: AnswerMemoOptions): AnswerMemo {
  const cache = new Map<string, RawVerbAnswer>();
  const keysOnReads = snapshot.reads !== undefined && !snapshot.reads.opaque;
  return {
    policySetId: snapshot.policySetId,
    answer(request, verb, evaluate) {
      if (!keysOnReads && !options.wholeRequestKeys) return evaluate();
      const key = replayKey({ ...request, actions: [verb] }, snapshot.reads);
      const hit = cache.get(key);
      if (hit) return hit;
      const answer = evaluate();
      if (options.keepErrors || (answer.type === "answer" && answer.errors.length === 0)) {
        if (cache.size >= options.capacity) cache.delete(cache.keys().next().value!);
        // Shared by every request with this key: nobody may change it.
        cache.set(key, Object.freeze({ ...answer, ...(answer.type === "answer" ? { determining: Object.freeze([...answer.determining]) } : {}), errors: Object.freeze([...answer.errors]) }) as RawVerbAnswer);
      }
      return answer;
    },
    get size() {
      return cache.size;
    },
  };
}
