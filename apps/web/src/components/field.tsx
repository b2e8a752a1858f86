/**
 * Form controls with their label bound, their hint and error linked through
 * aria-describedby, and the error announced (role="alert").
 */
import type { InputHTMLAttributes, ReactNode, Ref, TextareaHTMLAttributes } from "react";

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "name"> {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  ref?: Ref<HTMLInputElement>;
}

function describedBy(...ids: (string | false | undefined)[]) {
  return ids.filter(Boolean).join(" ") || undefined;
}

/** The label above, the hint and the error below, linked to the control by aria-describedby. */
function LabelledField({
  id,
  label,
  hint,
  error,
  control,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  control: (describedBy: { "aria-invalid": true | undefined; "aria-describedby": string | undefined }) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <div id={hintId} className="hint">
          {hint}
        </div>
      )}
      {control({ "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(hintId, errorId) })}
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({ name, label, hint, error, id = `field-${name}`, ...input }: FieldProps) {
  return (
    <LabelledField id={id} label={label} hint={hint} error={error} control={(aria) => <input id={id} name={name} {...aria} {...input} />} />
  );
}

export function CheckboxField({ name, label, error, id = `field-${name}`, ...input }: FieldProps) {
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="field field-checkbox">
      <input type="checkbox" id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={errorId} {...input} />
      <label htmlFor={id}>{label}</label>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name"> {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
}

/** A multi-line text field, labelled and described like TextField. */
export function TextAreaField({ name, label, hint, error, id = `field-${name}`, ...textarea }: TextAreaFieldProps) {
  return (
    <LabelledField
      id={id}
      label={label}
      hint={hint}
      error={error}
      control={(aria) => <textarea id={id} name={name} rows={4} {...aria} {...textarea} />}
    />
  );
}
