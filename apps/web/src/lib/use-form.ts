/**
 * The one form hook of the SPA (ADR 034). A form names its shared zod schema and its
 * starting values; the hook keeps the values, validates on submit, runs the handler
 * (which awaits the mutation), shows the API's field errors beside their fields and the
 * rest above the form, and after a failed submit moves focus to the first error.
 *
 *   const form = useForm({ schema: EmailChangeRequest, initial: { email: "", password: "" } });
 *   const onSubmit = form.onSubmit((request) => change.mutateAsync(request));
 *   <form ref={form.ref} onSubmit={onSubmit} noValidate>
 *     {form.errors.form && <Alert>{form.errors.form}</Alert>}
 *     <TextField {...form.field("email")} label=… />
 *     <SubmitButton pending={form.pending}>…</SubmitButton>
 */
import { type FormEvent, useRef, useState, useSyncExternalStore } from "react";
import type { z } from "zod";
import { useFocusFirstError } from "./focus-first-error.ts";
import { createForm, type FormOptions, type FormValues, type SubmitHandler } from "./form.ts";
import { useProblem } from "./problem.ts";

/** The fields of V holding text, and those holding a checkbox's state. */
type TextKey<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;
type CheckKey<V> = { [K in keyof V]: V[K] extends boolean ? K : never }[keyof V] & string;

export function useForm<V extends FormValues, S extends z.ZodType>(options: FormOptions<V, S>) {
  const problem = useProblem();
  const [store] = useState(() => createForm(options, problem));
  store.configure(options, problem);
  const { values, errors, pending, succeeded } = useSyncExternalStore(store.subscribe, store.getState);
  const ref = useRef<HTMLFormElement>(null);
  useFocusFirstError(ref, errors);

  return {
    /** For the <form>: focus moves to its first invalid field (or its alert) after a failed submit. */
    ref,
    values,
    errors,
    pending,
    succeeded,
    setValue: store.setValue,
    setValues: store.setValues,
    setErrors: store.setErrors,
    /** Shows a server error: its field errors beside their fields, or all of it beside `field`. */
    fail: store.fail,
    message: store.message,
    /** The form's onSubmit (or a submitting button's onClick): validates, then runs `handler` with the parsed request. */
    onSubmit: (handler: SubmitHandler<V, z.output<S>>) => (event: Pick<FormEvent, "preventDefault">) => {
      event.preventDefault();
      void store.submit(handler);
    },
    /** Props for a TextField, PasswordField or TextAreaField. */
    field: (name: TextKey<V>) => ({
      name: name as string,
      value: values[name] as string,
      onChange: (event: { target: { value: string } }) => store.setValue(name, event.target.value as V[typeof name]),
      error: errors.fields[name],
    }),
    /** Props for a CheckboxField. */
    checkbox: (name: CheckKey<V>) => ({
      name: name as string,
      checked: values[name] as boolean,
      onChange: (event: { target: { checked: boolean } }) => store.setValue(name, event.target.checked as V[typeof name]),
      error: errors.fields[name],
    }),
    /** Props for a control that hands over its value itself (Captcha, CodeField). */
    control: (name: TextKey<V>) => ({
      value: values[name] as string,
      onChange: (value: string) => store.setValue(name, value as V[typeof name]),
      error: errors.fields[name],
    }),
  };
}

/** What a component that renders some of a form's fields needs of it. */
export type Form<V extends FormValues> = Pick<ReturnType<typeof useForm<V, z.ZodType>>, "field" | "checkbox" | "control">;
