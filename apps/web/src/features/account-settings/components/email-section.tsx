import type { AccountView } from "@portier/shared/account";
import { EmailChangeRequest } from "@portier/shared/account-settings";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { TextField } from "../../../components/field.tsx";
import { PasswordField } from "../../../components/password-field.tsx";
import { useFocusFirstError } from "../../../lib/focus-first-error.ts";
import { type FormErrors, noErrors, useProblem } from "../../../lib/problem.ts";
import { useRequestEmailChange } from "../api/change-email.ts";

const FIELDS = ["email", "password"] as const;

/** The new login email and the password; the change happens when the link sent to the new address is opened. */
export function EmailSection({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const request = useRequestEmailChange();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ email: "", password: "" });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [sentTo, setSentTo] = useState<{ email: string; hours: number } | null>(null);
  useFocusFirstError(form, errors);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSentTo(null);
    const parsed = EmailChangeRequest.safeParse(values);
    if (!parsed.success) return setErrors(problem.fromZod(parsed.error));
    setErrors(noErrors);
    request.mutate(parsed.data, {
      onSuccess: (result) => {
        setValues({ email: "", password: "" });
        setSentTo({ email: parsed.data.email, hours: result.hours });
      },
      onError: (error) => setErrors(problem.fromError(error, FIELDS)),
    });
  }

  return (
    <section aria-labelledby="settings-email">
      <h2 id="settings-email" tabIndex={-1}>
        {t("basicSettings.email.title")}
      </h2>
      <p>{t("basicSettings.email.current", { email: account.email })}</p>
      <p className="muted">{t("basicSettings.email.intro")}</p>
      {sentTo && <Alert tone="success">{t("basicSettings.email.sent", sentTo)}</Alert>}
      <form ref={form} onSubmit={onSubmit} noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <TextField
          id="email-new"
          name="email"
          type="email"
          autoComplete="email"
          label={t("basicSettings.email.newEmail")}
          value={values.email}
          onChange={(e) => setValues((v) => ({ ...v, email: e.target.value }))}
          error={errors.fields.email}
          required
        />
        <PasswordField
          id="email-password"
          name="password"
          autoComplete="current-password"
          label={t("basicSettings.currentPassword")}
          value={values.password}
          onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))}
          error={errors.fields.password}
          required
        />
        <button type="submit" className="button" disabled={request.isPending}>
          {request.isPending ? t("common.sending") : t("basicSettings.email.submit")}
        </button>
      </form>
    </section>
  );
}
