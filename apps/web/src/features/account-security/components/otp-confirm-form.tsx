import { OtpConfirmRequest } from "@portier/shared/otp";
import { type KeyboardEvent, type ReactNode, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Alert } from "../../../components/alert.tsx";
import { CodeField } from "../../../components/code-entry.tsx";
import { CurrentPasswordField } from "../../../components/password-field.tsx";
import { useForm } from "../../../lib/use-form.ts";

export type OtpCredentials = z.output<typeof OtpConfirmRequest>;

interface OtpConfirmFormProps {
  /** Prefix of the field ids (several of these forms may take turns on one page). */
  id: string;
  legend: string;
  children?: ReactNode;
  submitLabel: string;
  submittingLabel: string;
  /** Turning something off is styled as the in-page "are you sure?" step. */
  danger?: boolean;
  /** Move focus to the legend when the form appears (it replaces the button that opened it). */
  focusOnMount?: boolean;
  /** Sends the credentials; what it throws (the API's refusal) is shown beside the fields. */
  onSubmit: (credentials: OtpCredentials) => Promise<unknown>;
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
  danger = false,
  focusOnMount = false,
  onSubmit,
  onCancel,
}: OtpConfirmFormProps) {
  const { t } = useTranslation();
  const legendRef = useRef<HTMLLegendElement>(null);
  const form = useForm({ schema: OtpConfirmRequest, initial: { password: "", code: "" } });
  const pending = form.pending;

  useEffect(() => {
    if (focusOnMount) legendRef.current?.focus();
  }, [focusOnMount]);

  const submit = form.onSubmit(async (credentials) => {
    try {
      await onSubmit(credentials);
    } catch (error) {
      // A rejected code is spent or wrong either way: the next try needs the app's current one.
      if (form.fail(error).fields.code) form.setValue("code", "");
    }
  });

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape" && onCancel && !pending) onCancel();
  }

  return (
    <form ref={form.ref} onSubmit={submit} noValidate onKeyDown={onKeyDown}>
      <fieldset className={danger ? "confirm" : "panel"}>
        <legend ref={legendRef} tabIndex={-1} className="confirm-question">
          {legend}
        </legend>
        {children}
        {form.errors.form && <Alert>{form.errors.form}</Alert>}
        <CurrentPasswordField {...form.field("password")} id={`${id}-password`} label={t("security.otp.password")} />
        <CodeField {...form.control("code")} id={`${id}-code`} label={t("security.otp.code")} hint={t("security.otp.codeHint")} />
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
