/**
 * Turning API problems (RFC 9457) and client-side zod issues into text for the user:
 * a known `code` is translated; otherwise the API's own message is shown. Field
 * errors go next to their field (field names equal request body keys).
 */
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { ApiError } from "./api-client.ts";
import { problemText } from "./problem-text.ts";

export interface FormErrors {
  fields: Partial<Record<string, string>>;
  form?: string | undefined;
}

export const noErrors: FormErrors = { fields: {} };

export function useProblem() {
  const { t, i18n } = useTranslation();

  /** A code's text, with what its params say (problem-text.ts); `fallback` for a code this SPA does not know. */
  const translate = (code: string | undefined, fallback: string, params?: unknown) => {
    if (!code) return fallback;
    const text = problemText(code, params);
    if (i18n.exists(text.key, text.vars)) return t(text.key, text.vars);
    return i18n.exists(`errors.${code}`) ? t(`errors.${code}`) : fallback;
  };

  const formatWait = (seconds: number) =>
    seconds < 60 ? t("time.seconds", { count: Math.max(1, Math.ceil(seconds)) }) : t("time.minutes", { count: Math.ceil(seconds / 60) });

  /** One sentence describing a failed request. */
  function message(error: unknown): string {
    if (!(error instanceof ApiError)) return t("errors.UNEXPECTED");
    if (error.status === 0) return t("errors.NETWORK");
    const problem = error.problem;
    if (!problem) return t("errors.UNEXPECTED");
    const fallback = problem.detail ?? problem.title;
    const text = translate(problem.code, fallback, problem.params);
    return problem.retryAfter === undefined ? text : `${text} ${t("errors.TRY_AGAIN_IN", { wait: formatWait(problem.retryAfter) })}`;
  }

  /** Field errors beside their fields; anything else (or nothing placeable) at form level. */
  function fromError(error: unknown, fields: readonly string[]): FormErrors {
    const result: FormErrors = { fields: {} };
    const problem = error instanceof ApiError ? error.problem : null;
    const unplaced: string[] = [];
    for (const fieldError of problem?.errors ?? []) {
      const text = translate(fieldError.code, fieldError.message);
      const field = fieldError.field.split(".")[0] ?? "";
      if (fields.includes(field) && !result.fields[field]) result.fields[field] = text;
      else unplaced.push(fieldError.field ? `${fieldError.field}: ${text}` : text);
    }
    // A CAPTCHA failure belongs beside the widget, where the user can solve it again.
    if (problem?.code.startsWith("CAPTCHA_") && fields.includes("captcha")) result.fields.captcha = message(error);
    if (Object.keys(result.fields).length === 0 || unplaced.length > 0) {
      result.form = unplaced.length > 0 ? unplaced.join(" ") : message(error);
    }
    return result;
  }

  /**
   * Client-side validation with the shared schemas. A refinement that names a catalogue
   * code (params.code) is translated by it; other issues get the field's own message.
   */
  function fromZod(error: z.ZodError): FormErrors {
    const result: FormErrors = { fields: {} };
    for (const issue of error.issues) {
      const field = String(issue.path[0] ?? "");
      if (result.fields[field]) continue;
      const code = issue.code === "custom" ? (issue.params as { code?: string } | undefined)?.code : undefined;
      const fieldKey = `validation.${field}`;
      result.fields[field] = translate(code, i18n.exists(fieldKey) ? t(fieldKey) : issue.message);
    }
    return result;
  }

  /** A catalogue code with its params, outside a request (e.g. why a session or a sign-in ended). */
  const codeMessage = (code: string, params?: unknown) => translate(code, t("errors.UNEXPECTED"), params);

  return { message, codeMessage, fromError, fromZod, formatWait };
}
