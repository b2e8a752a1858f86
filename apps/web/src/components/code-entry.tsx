/**
 * The pieces of a "we send you a code, you type it in" step: the send button with the
 * wait before the next code, and the six-digit code field.
 */
import { ErrorCode } from "@portier/shared/errors";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../lib/api-client.ts";
import { type FormErrors, noErrors, useProblem } from "../lib/problem.ts";
import { useWait } from "../lib/use-countdown.ts";
import { Alert } from "./alert.tsx";
import { TextField } from "./field.tsx";

interface SendCodeButtonProps {
  /** A code went out already: the button sends a new one, as the secondary action. */
  sent: boolean;
  pending: boolean;
  /** Seconds until a new code may be asked for: the button waits, and says how long. */
  resendIn: number;
  onClick: () => void;
  /** `resendIn` gets the wait, already formatted ("30 seconds"). */
  labels: { send: string; resend: string; resendIn: (wait: string) => string };
}

export function SendCodeButton({ sent, pending, resendIn, onClick, labels }: SendCodeButtonProps) {
  const { t } = useTranslation();
  const problem = useProblem();
  return (
    <p>
      <button type="button" className={sent ? "button button-secondary" : "button"} onClick={onClick} disabled={pending || resendIn > 0}>
        {pending ? t("common.sending") : sent ? labels.resend : labels.send}
      </button>
      {resendIn > 0 && <span className="muted countdown"> {labels.resendIn(problem.formatWait(resendIn))}</span>}
    </p>
  );
}

/** The code of `useCodeSending`'s last send that went out: where to and how long it is valid. */
interface SentCode {
  phone: string;
  expiresInSeconds: number;
}

interface SendCodeStepProps {
  sending: Pick<CodeSending, "error" | "wait">;
  /** The code that went out, while the page counts it as sent; nothing before the first. */
  sent: SentCode | null | undefined;
  pending: boolean;
  onSend: () => void;
  /** The page's texts: `<texts>.sent`, `.send`, `.resend` and `.resendIn`. */
  texts: string;
}

/**
 * The sending half of a code step: the last refusal, "we have sent a code to …" once one
 * went out, and the send button with the wait before the next code.
 */
export function SendCodeStep({ sending, sent, pending, onSend, texts }: SendCodeStepProps) {
  const { t } = useTranslation();
  return (
    <>
      {sending.error && <Alert>{sending.error}</Alert>}
      {sent && <Alert tone="info">{t(`${texts}.sent`, { phone: sent.phone, minutes: Math.round(sent.expiresInSeconds / 60) })}</Alert>}
      <SendCodeButton
        sent={Boolean(sent)}
        pending={pending}
        resendIn={sending.wait.seconds}
        onClick={onSend}
        labels={{ send: t(`${texts}.send`), resend: t(`${texts}.resend`), resendIn: (wait) => t(`${texts}.resendIn`, { wait }) }}
      />
    </>
  );
}

interface CodeFieldProps {
  id?: string;
  name?: string;
  label: ReactNode;
  hint?: ReactNode;
  value: string;
  /** The digits typed (anything else is dropped). */
  onChange: (code: string) => void;
  error?: string | undefined;
  /** The code is all the page asks for (the sign-in's code step): the cursor starts in the field. */
  focusOnMount?: boolean;
}

/** A six-digit one-time code: numeric keypad, filled in from the SMS where the device offers it. */
export function CodeField({ id, name = "code", label, hint, value, onChange, error, focusOnMount = false }: CodeFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusOnMount) input.current?.focus();
  }, [focusOnMount]);
  return (
    <TextField
      ref={input}
      {...(id ? { id } : {})}
      name={name}
      label={label}
      hint={hint}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]{6}"
      maxLength={6}
      className="code-input"
      value={value}
      onChange={(e) => onChange(e.target.value.replace(/\D/g, ""))}
      error={error}
      required
    />
  );
}

/** Answers after which the SMS code is spent: the user needs a new one. */
const CODE_SPENT: ReadonlySet<string> = new Set([ErrorCode.CODE_EXPIRED, ErrorCode.CODE_ATTEMPTS_EXCEEDED, ErrorCode.CODE_NOT_REQUESTED]);

/** What showSmsCodeError needs of a form (useForm) with a `code` field. */
interface SmsCodeForm {
  setValue(name: "code", value: string): void;
  setErrors(errors: FormErrors): void;
  fail(error: unknown, field: "code"): void;
  message(error: unknown): string;
}

/**
 * A refused SMS code: a spent one is cleared and the form says so, adding how to get a
 * new one (`requestNew`); any other answer (a wrong code, with the tries left) stands
 * beside the field.
 */
export function showSmsCodeError(form: SmsCodeForm, error: unknown, requestNew: string) {
  const code = error instanceof ApiError ? error.code : undefined;
  if (code && CODE_SPENT.has(code)) {
    form.setValue("code", "");
    form.setErrors({ fields: {}, form: `${form.message(error)} ${requestNew}` });
  } else form.fail(error, "code");
}

/**
 * The "send me a code" step beside a code form: the last refusal (said above the send
 * button) and the wait before the next code. `start()` before sending; then `sent(result)`
 * (the field is emptied for the new code) or `refused(error)`.
 */
export type CodeSending = ReturnType<typeof useCodeSending>;

export function useCodeSending(form: Pick<SmsCodeForm, "setValue" | "setErrors">) {
  const problem = useProblem();
  const [error, setError] = useState<string | null>(null);
  const wait = useWait();
  return {
    error,
    wait,
    start: () => {
      setError(null);
      form.setErrors(noErrors);
    },
    sent: (result: { resendAfter: number }) => {
      wait.waitFor(result.resendAfter);
      form.setValue("code", "");
    },
    refused: (refusal: unknown) => {
      wait.fromError(refusal);
      setError(problem.message(refusal));
    },
  };
}
