import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useProblem } from "../lib/problem.ts";
import { Alert } from "./alert.tsx";

interface SubmitButtonProps {
  /** The form's request is running (useForm's `pending`): the button waits and says so. */
  pending: boolean;
  /** What the button says while pending; "Sending…" unless given. */
  pendingLabel?: string;
  /** Disabled for another reason as well (a wait, a missing prerequisite). */
  disabled?: boolean;
  className?: string;
  children: ReactNode;
}

/** A form's submit button. */
export function SubmitButton({ pending, pendingLabel, disabled = false, className = "button", children }: SubmitButtonProps) {
  const { t } = useTranslation();
  return (
    <button type="submit" className={className} disabled={pending || disabled}>
      {pending ? (pendingLabel ?? t("common.sending")) : children}
    </button>
  );
}

interface ActionButtonProps {
  /** The request runs: the button waits and says so. */
  pending: boolean;
  pendingLabel: string;
  danger?: boolean;
  /** The last try failed with this: said above the button (the button stays, to try again). */
  failure?: unknown;
  onClick: () => void;
  children: ReactNode;
}

/** A button that sends a request by itself, outside any form (a link page's "Confirm"). */
export function ActionButton({ pending, pendingLabel, danger = false, failure, onClick, children }: ActionButtonProps) {
  const problem = useProblem();
  return (
    <>
      {failure ? <Alert>{problem.message(failure)}</Alert> : null}
      <button type="button" className={danger ? "button button-danger" : "button"} disabled={pending} onClick={onClick}>
        {pending ? pendingLabel : children}
      </button>
    </>
  );
}
