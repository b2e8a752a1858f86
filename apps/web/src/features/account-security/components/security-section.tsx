import type { ReactNode } from "react";

/**
 * One part of Account Security: a section named by its heading (`security-<id>`), with the
 * sentence that says what it is for.
 */
export function SecuritySection({ id, title, intro, children }: { id: string; title: string; intro: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`security-${id}`}>
      <h2 id={`security-${id}`}>{title}</h2>
      <p>{intro}</p>
      {children}
    </section>
  );
}
