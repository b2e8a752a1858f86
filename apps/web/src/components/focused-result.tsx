import { type ReactNode, useEffect, useRef } from "react";

/**
 * The result that replaced the form or button the user was at (done, the link expired…).
 * The control that had focus is gone: the result takes it when it appears and is read out.
 */
export function FocusedResult({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1}>
      {children}
    </div>
  );
}
