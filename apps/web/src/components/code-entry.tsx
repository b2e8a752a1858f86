/**
 * The pieces of a "we send you a code, you type it in" step: the send button with the
 * wait before the next code, and the six-digit code field.
 */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useProblem } from "../lib/problem.ts";
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

interface CodeFieldProps {
  label: ReactNode;
  hint?: ReactNode;
  value: string;
  /** The digits typed (anything else is dropped). */
  onChange: (code: string) => void;
  error?: string | undefined;
}

/** A six-digit one-time code: numeric keypad, filled in from the SMS where the device offers it. */
export function CodeField({ label, hint, value, onChange, error }: CodeFieldProps) {
  return (
    <TextField
      name="code"
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
