import { PasswordChangeRequest } from "@portier/shared/account-settings";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { CheckboxField } from "../../../components/field.tsx";
import { PasswordField, PasswordRules } from "../../../components/password-field.tsx";
import { useFocusFirstError } from "../../../lib/focus-first-error.ts";
import { type FormErrors, noErrors, useProblem } from "../../../lib/problem.ts";
import { useChangePassword } from "../api/change-password.ts";

const FIELDS = ["currentPassword", "newPassword", "newPasswordAgain"] as const;
const EMPTY = { currentPassword: "", newPassword: "", newPasswordAgain: "" };

/** Current password, the new one twice (typed blind, a typo would lock the customer out), and "end other sessions". */
export function PasswordSection() {
  const { t } = useTranslation();
  const problem = useProblem();
  const change = useChangePassword();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(EMPTY);
  const [endOtherSessions, setEndOtherSessions] = useState(true);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [done, setDone] = useState<string | null>(null);
  useFocusFirstError(form, errors);

  const set = (field: keyof typeof EMPTY) => (event: { target: HTMLInputElement }) =>
    setValues((v) => ({ ...v, [field]: event.target.value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const parsed = PasswordChangeRequest.safeParse({
      currentPassword: values.currentPassword,
      newPassword: values.newPassword,
      endOtherSessions,
    });
    const found: FormErrors = parsed.success ? { fields: {} } : problem.fromZod(parsed.error);
    if (values.newPassword !== values.newPasswordAgain) found.fields.newPasswordAgain ??= t("errors.PASSWORDS_DO_NOT_MATCH");
    if (!parsed.success || found.fields.newPasswordAgain) return setErrors(found);
    setErrors(noErrors);
    change.mutate(parsed.data, {
      onSuccess: (result) => {
        setValues(EMPTY);
        setDone(
          endOtherSessions
            ? t("basicSettings.password.doneEnded", { count: result.otherSessionsEnded })
            : t("basicSettings.password.doneKept"),
        );
      },
      onError: (error) => setErrors(problem.fromError(error, FIELDS)),
    });
  }

  return (
    <section aria-labelledby="settings-password">
      <h2 id="settings-password" tabIndex={-1}>
        {t("basicSettings.password.title")}
      </h2>
      {done && <Alert tone="success">{done}</Alert>}
      <form ref={form} onSubmit={onSubmit} noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <PasswordField
          id="password-current"
          name="currentPassword"
          autoComplete="current-password"
          label={t("basicSettings.currentPassword")}
          value={values.currentPassword}
          onChange={set("currentPassword")}
          error={errors.fields.currentPassword}
          required
        />
        <PasswordField
          id="password-new"
          name="newPassword"
          autoComplete="new-password"
          label={t("fields.newPassword")}
          hint={<PasswordRules />}
          value={values.newPassword}
          onChange={set("newPassword")}
          error={errors.fields.newPassword}
          required
        />
        <PasswordField
          id="password-new-again"
          name="newPasswordAgain"
          autoComplete="new-password"
          label={t("fields.newPasswordAgain")}
          value={values.newPasswordAgain}
          onChange={set("newPasswordAgain")}
          error={errors.fields.newPasswordAgain}
          required
        />
        <CheckboxField
          id="password-end-sessions"
          name="endOtherSessions"
          label={t("basicSettings.password.endOtherSessions")}
          checked={endOtherSessions}
          onChange={(e) => setEndOtherSessions(e.target.checked)}
        />
        <button type="submit" className="button" disabled={change.isPending}>
          {change.isPending ? t("common.sending") : t("basicSettings.password.submit")}
        </button>
      </form>
    </section>
  );
}
