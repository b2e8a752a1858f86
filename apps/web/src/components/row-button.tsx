import type { ReactNode } from "react";

interface RowButtonProps {
  /** The button's accessible name, naming its row: every row has the same button. */
  label: string;
  secondary?: boolean;
  disabled: boolean;
  onClick: () => void;
  children: ReactNode;
}

/** A small action button in a table row. */
export function RowButton({ label, secondary = false, disabled, onClick, children }: RowButtonProps) {
  return (
    <button
      type="button"
      className={secondary ? "button button-secondary button-small" : "button button-small"}
      disabled={disabled}
      aria-label={label}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
