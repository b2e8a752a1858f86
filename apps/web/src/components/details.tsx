import type { ReactNode } from "react";

/** One line of a `Details` list: what it is, and its value. */
export type Detail = readonly [term: ReactNode, value: ReactNode];

/** A list of named values (the account overview, one sign-in, a linked account): terms beside their values. */
export function Details({ items, testId }: { items: readonly Detail[]; testId?: string }) {
  return (
    <dl className="details" data-testid={testId}>
      {items.map(([term, value], i) => (
        // The lines are fixed for the list's life: their position is their identity.
        <div key={i}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
