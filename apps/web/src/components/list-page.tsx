import type { ReactNode, Ref } from "react";
import { type LoadableQuery, Loaded } from "./loaded.tsx";
import { type Outcome, OutcomeAlert } from "./outcome.tsx";

interface ListPageProps<T> {
  title: string;
  intro: string;
  /** The last row action's outcome (`useOutcome`), said above the list. */
  outcome: { outcome: Outcome | null; ref: Ref<HTMLParagraphElement> };
  query: LoadableQuery<T>;
  /** The list, once loaded. */
  children: (data: T) => ReactNode;
  /** Said under the list, whatever it shows. */
  footer?: ReactNode;
}

/**
 * An account page listing what the customer can end (sessions, connected services): its
 * heading and what it is for, the outcome of the last row action, then the list.
 */
export function ListPage<T>({ title, intro, outcome, query, children, footer }: ListPageProps<T>) {
  return (
    <section>
      <h1>{title}</h1>
      <p>{intro}</p>
      <OutcomeAlert outcome={outcome.outcome} focusRef={outcome.ref} />
      <Loaded query={query}>{children}</Loaded>
      {footer}
    </section>
  );
}
