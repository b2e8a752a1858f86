/**
 * The state of one form, without React (ADR 034): its values, its errors and whether a
 * submit is under way. `useForm` (use-form.ts) wraps it for the components; the unit
 * tests drive it directly.
 *
 * A submit parses the values with a shared zod schema (the API parses the same body with
 * the same schema), hands the parsed request to the form's handler and, if the handler
 * throws — an ApiError from `mutateAsync` — places the problem's field errors beside their
 * fields. A CAPTCHA solution is accepted once: after every submit that reached the
 * handler, a `captcha` value is cleared, and the widget fetches a fresh challenge.
 */
import type { z } from "zod";
import { type FormErrors, noErrors } from "./problem.ts";

/**
 * A form's values: text (inputs, the CAPTCHA payload) and checkboxes. (Typed loosely here
 * so that `acceptTerms: false` is inferred as a boolean, not as `false`.)
 */
export type FormValues = Record<string, unknown>;

export type FieldErrors = FormErrors["fields"];

/** How errors become text: `useProblem()` (problem.ts) in the app. */
export interface ErrorText {
  fromZod(error: z.ZodError): FormErrors;
  fromError(error: unknown, fields: readonly string[]): FormErrors;
  message(error: unknown): string;
}

export interface FormOptions<V extends FormValues, S extends z.ZodType> {
  /** The values the form starts with; their keys are the fields a server error may be placed beside. */
  initial: V;
  /** The shared request schema, from @portier/shared. */
  schema: S;
  /** What the schema parses, if not the values themselves (a locale added, a token, an empty field left out). */
  request?: (values: V) => unknown;
  /** Rules the request schema cannot state (a password typed twice): field → message. */
  check?: (values: V) => FieldErrors;
  /** A message for a client-side issue other than the default (`validation.<field>`, or the issue's catalogue code). */
  message?: (field: string, code: string | undefined) => string | undefined;
}

export interface FormState<V extends FormValues> {
  values: V;
  errors: FormErrors;
  /** A submit's handler is running: the submit button waits. */
  pending: boolean;
  /** The last submit went through with no error shown: its success notice may show (until the next submit). */
  succeeded: boolean;
}

/** Gets the parsed request and the values as typed; throws (ApiError) to have its problem shown. */
export type SubmitHandler<V extends FormValues, T> = (request: T, values: V) => unknown;

export function createForm<V extends FormValues, S extends z.ZodType>(options: FormOptions<V, S>, text: ErrorText) {
  let config = { options, text };
  let state: FormState<V> = { values: options.initial, errors: noErrors, pending: false, succeeded: false };
  const listeners = new Set<() => void>();
  const fields = Object.keys(options.initial);

  function update(next: Partial<FormState<V>>) {
    state = { ...state, ...next };
    for (const listener of listeners) listener();
  }

  /** The parsed request, or null with the errors shown. */
  function validate(): { request: z.output<S> } | null {
    const { options: current, text: t } = config;
    const values = state.values;
    const parsed = current.schema.safeParse(current.request ? current.request(values) : values);
    const found: FormErrors = { fields: {} };
    if (!parsed.success) {
      const translated = t.fromZod(parsed.error);
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "");
        if (found.fields[field]) continue;
        const code = issue.code === "custom" ? (issue.params as { code?: string } | undefined)?.code : undefined;
        found.fields[field] = current.message?.(field, code) ?? translated.fields[field];
      }
    }
    for (const [field, message] of Object.entries(current.check?.(values) ?? {})) found.fields[field] ??= message;
    if (!parsed.success || Object.keys(found.fields).length > 0) {
      update({ errors: found });
      return null;
    }
    return { request: parsed.data };
  }

  /** A server's answer: its field errors beside their fields, or all of it beside `field`. Returns what is shown. */
  function fail(error: unknown, field?: keyof V & string): FormErrors {
    const { text: t } = config;
    const errors = field ? { fields: { [field]: t.message(error) } } : t.fromError(error, fields);
    update({ errors });
    return errors;
  }

  async function submit(handler: SubmitHandler<V, z.output<S>>) {
    if (state.pending) return;
    if (state.succeeded) update({ succeeded: false });
    const valid = validate();
    if (!valid) return;
    update({ errors: noErrors, pending: true });
    let succeeded = false;
    try {
      await handler(valid.request, state.values);
      succeeded = state.errors === noErrors;
    } catch (error) {
      fail(error);
    } finally {
      const values = typeof state.values.captcha === "string" ? { ...state.values, captcha: "" } : state.values;
      update({ pending: false, succeeded, values });
    }
  }

  return {
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** The latest options and texts (they close over the component's current props). */
    configure(next: FormOptions<V, S>, nextText: ErrorText) {
      config = { options: next, text: nextText };
    },
    setValue<K extends keyof V>(name: K, value: V[K]) {
      update({ values: { ...state.values, [name]: value } });
    },
    setValues(values: Partial<V>) {
      update({ values: { ...state.values, ...values } });
    },
    setErrors(errors: FormErrors) {
      update({ errors });
    },
    fail,
    /** A server error as one sentence, for a form that says it its own way. */
    message: (error: unknown) => config.text.message(error),
    submit,
  };
}

export type FormStore<V extends FormValues, S extends z.ZodType> = ReturnType<typeof createForm<V, S>>;
