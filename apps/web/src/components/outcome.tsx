import { type Ref, useEffect, useRef, useState } from "react";
import { useProblem } from "../lib/problem.ts";

/** What an action on a row came to: its button may have left the page with the row. */
export type Outcome = { tone: "success" | "error"; text: string };

/** A row action's request, as TanStack's `mutate` takes it. */
type RowMutate<V> = (variables: V, options: { onSuccess: () => void; onError: (error: Error) => void }) => void;

/**
 * The last outcome, focused as it appears (keyboard users stay where the news is):
 * `clear()` before the action, then `succeeded(text)` or `failed(error)` (the problem in a
 * sentence); or `track(…)`, which does all three for one request.
 */
export function useOutcome() {
  const problem = useProblem();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (outcome) ref.current?.focus();
  }, [outcome]);
  return {
    outcome,
    ref,
    clear: () => setOutcome(null),
    succeeded: (text: string) => setOutcome({ tone: "success", text }),
    failed: (error: unknown) => setOutcome({ tone: "error", text: problem.message(error) }),
    /**
     * Sends a row's request: the last outcome goes, then `success` names what was done (or
     * returns nothing when the page leaves instead), or `failure` undoes what the caller
     * began and the problem is said.
     */
    track<V>(mutate: RowMutate<V>, variables: V, success: () => string | undefined, failure: () => void = () => undefined) {
      setOutcome(null);
      mutate(variables, {
        onSuccess: () => {
          const text = success();
          if (text !== undefined) setOutcome({ tone: "success", text });
        },
        onError: (error) => {
          failure();
          setOutcome({ tone: "error", text: problem.message(error) });
        },
      });
    },
  };
}

/** A success announced politely, an error as an alert. */
export function OutcomeAlert({ outcome, focusRef }: { outcome: Outcome | null; focusRef: Ref<HTMLParagraphElement> }) {
  return (
    <>
      {/* Always in the page, so that screen readers announce what is put into it. */}
      <div role="status">
        {outcome?.tone === "success" && (
          <p ref={focusRef} tabIndex={-1} className="alert alert-success">
            {outcome.text}
          </p>
        )}
      </div>
      {outcome?.tone === "error" && (
        <p ref={focusRef} tabIndex={-1} className="alert alert-error" role="alert">
          {outcome.text}
        </p>
      )}
    </>
  );
}
