import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

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
