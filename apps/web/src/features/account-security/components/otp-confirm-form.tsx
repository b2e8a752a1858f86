import { CurrentPassword } from "@portier/shared/common";
import { OtpCode } from "@portier/shared/otp";
import { type FormEvent, type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { TextField } from "../../../components/field.tsx";
import { PasswordField } from "../../../components/password-field.tsx";
import { useFocusFirstError } from "../../../lib/focus-first-error.ts";
import { type FormErrors, noErrors } from "../../../lib/problem.ts";

export interface OtpCredentials {
  password: string;
  code: string;
}

interface OtpConfirmFormProps {
  /** Prefix of the field ids (several of these forms may take turns on one page). */
  id: string;
  legend: string;
  children?: ReactNode;
  submitLabel: string;
  submittingLabel: string;
  pending: boolean;
  /** Turning something off is styled as the in-page "are you sure?" step. */
  danger?: boolean;
  /** Move focus to the legend when the form appears (it replaces the button that opened it). */
  focusOnMount?: boolean;
  /** `report` shows the API's errors beside the fields. */
  onSubmit: (credentials: OtpCredentials, report: (errors: FormErrors) => void) => void;
  onCancel?: () => void;
}

/**
 * The account password and a current code from the authenticator app: what activating,
 * showing the key and disabling all ask for (SPEC §5). Escape or Cancel backs out.
 */
export function OtpConfirmForm({
  id,
  legend,
  children,
  submitLabel,
  submittingLabel,
  pending,
  danger = false,
  focusOnMount = false,
  onSubmit,
  onCancel,
}: OtpConfirmFormProps) {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const legendRef = useRef<HTMLLegendElement>(null);
  const [values, setValues] = useState<OtpCredentials>({ password: "", code: "" });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(form, errors);

  useEffect(() => {
    if (focusOnMount) legendRef.current?.focus();
  }, [focusOnMount]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const fields: FormErrors["fields"] = {};
    if (!CurrentPassword.safeParse(values.password).success) fields.password = t("validation.password");
    const code = OtpCode.safeParse(values.code);
    if (!code.success) fields.code = t("validation.code");
    if (Object.keys(fields).length > 0 || !code.success) return setErrors({ fields });
    setErrors(noErrors);
    onSubmit({ password: values.password, code: code.data }, (reported) => {
      // A rejected code is spent or wrong either way: the next try needs the app's current one.
      if (reported.fields.code) setValues((v) => ({ ...v, code: "" }));
      setErrors(reported);
    });
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape" && onCancel && !pending) onCancel();
  }

  return (
    <form ref={form} onSubmit={submit} noValidate onKeyDown={onKeyDown}>
      <fieldset className={danger ? "confirm" : "panel"}>
        <legend ref={legendRef} tabIndex={-1} className="confirm-question">
          {legend}
        </legend>
        {children}
        {errors.form && <Alert>{errors.form}</Alert>}
        <PasswordField
          id={`${id}-password`}
          name="password"
          autoComplete="current-password"
          label={t("security.otp.password")}
          value={values.password}
          onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))}
          error={errors.fields.password}
          required
        />
        <TextField
          id={`${id}-code`}
          name="code"
          label={t("security.otp.code")}
          hint={t("security.otp.codeHint")}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          className="code-input"
          value={values.code}
          onChange={(e) => setValues((v) => ({ ...v, code: e.target.value.replace(/\D/g, "") }))}
          error={errors.fields.code}
          required
        />
        <div className="button-row">
          <button type="submit" className={danger ? "button button-danger" : "button"} disabled={pending}>
            {pending ? submittingLabel : submitLabel}
          </button>
          {onCancel && (
            <button type="button" className="button button-secondary" disabled={pending} onClick={onCancel}>
              {t("security.otp.cancel")}
            </button>
          )}
        </div>
      </fieldset>
    </form>
  );
}
