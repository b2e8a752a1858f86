import { STAFF_REASON_MAX_LENGTH } from "@portier/shared/staff";
import { TextAreaField } from "../../../components/field.tsx";
import type { ReasonForm } from "./use-reason-form.ts";

interface ReasonFieldProps {
  form: ReasonForm;
  /** The field's name when a page has two reason fields (each form its own). */
  name?: string;
  label: string;
  hint: string;
}

/** The "why" of a staff action (ADR 019), as long as the shared schema allows. */
export function ReasonField({ form, name, label, hint }: ReasonFieldProps) {
  return (
    <TextAreaField {...form.field("reason")} {...(name ? { name } : {})} label={label} hint={hint} maxLength={STAFF_REASON_MAX_LENGTH} />
  );
}
