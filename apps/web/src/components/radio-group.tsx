import type { ReactNode } from "react";

interface RadioGroupProps<T extends string> {
  legend: ReactNode;
  /** The inputs' name; with each value, their ids (`${idPrefix}-${value}`). */
  name: string;
  idPrefix: string;
  options: readonly { value: T; label: ReactNode; disabled?: boolean }[];
  value: T;
  onChange: (value: T) => void;
}

/** One choice of a few, as radio buttons under a legend. */
export function RadioGroup<T extends string>({ legend, name, idPrefix, options, value, onChange }: RadioGroupProps<T>) {
  return (
    <fieldset className="field">
      <legend className="label">{legend}</legend>
      {options.map((option) => (
        <div className="field-radio" key={option.value}>
          <input
            type="radio"
            id={`${idPrefix}-${option.value}`}
            name={name}
            value={option.value}
            checked={value === option.value}
            disabled={option.disabled}
            onChange={() => onChange(option.value)}
          />
          <label htmlFor={`${idPrefix}-${option.value}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
