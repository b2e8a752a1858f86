import type { ReactNode } from "react";
import { Link } from "react-router";

/** A way on, as a link in a paragraph of its own (back to sign-in, ask for a new link…). */
export function LinkLine({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p>
      <Link to={to}>{children}</Link>
    </p>
  );
}
