import type { FormEvent, ReactNode, RefObject } from "react";
import type { FormErrors } from "../lib/problem.ts";
import { Alert } from "./alert.tsx";

interface FormProps {
  /** useForm's result: its ref (focus on the first error after a failed submit) and its errors. */
  form: { ref: RefObject<HTMLFormElement | null>; errors: FormErrors };
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  className?: string;
  children: ReactNode;
}

/**
 * A form of useForm (ADR 034): no browser validation (the shared schema is the one check),
 * and what belongs to no field said above the fields.
 */
export function Form({ form, onSubmit, className, children }: FormProps) {
  return (
    <form ref={form.ref} onSubmit={onSubmit} noValidate className={className}>
      {form.errors.form && <Alert>{form.errors.form}</Alert>}
      {children}
    </form>
  );
}
