import { PasswordChangeRequest } from "@portier/shared/account-settings";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { CheckboxField } from "../../../components/field.tsx";
import { Form } from "../../../components/form.tsx";
import { CurrentPasswordField, NewPasswordTwice } from "../../../components/password-field.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { useForm } from "../../../lib/use-form.ts";
import { useChangePassword } from "../api/change-password.ts";
import { SettingsSection } from "./settings-section.tsx";

const EMPTY = { currentPassword: "", newPassword: "", newPasswordAgain: "" };

/** Current password, the new one twice (typed blind, a typo would lock the customer out), and "end other sessions". */
export function PasswordSection() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [done, setDone] = useState<string | null>(null);
  const form = useForm({
    schema: PasswordChangeRequest,
    initial: { ...EMPTY, endOtherSessions: true },
    request: ({ newPasswordAgain, ...request }) => request,
    check: (values) => (values.newPassword === values.newPasswordAgain ? {} : { newPasswordAgain: t("errors.PASSWORDS_DO_NOT_MATCH") }),
  });

  const onSubmit = form.onSubmit(async (request) => {
    const result = await change.mutateAsync(request);
    form.setValues(EMPTY);
    setDone(
      request.endOtherSessions
        ? t("basicSettings.password.doneEnded", { count: result.otherSessionsEnded })
        : t("basicSettings.password.doneKept"),
    );
  });

  return (
    <SettingsSection id="password" title={t("basicSettings.password.title")}>
      {form.succeeded && done && <Alert tone="success">{done}</Alert>}
      <Form form={form} onSubmit={onSubmit}>
        <CurrentPasswordField {...form.field("currentPassword")} id="password-current" label={t("basicSettings.currentPassword")} />
        <NewPasswordTwice id="password" password={form.field("newPassword")} again={form.field("newPasswordAgain")} />
        <CheckboxField
          {...form.checkbox("endOtherSessions")}
          id="password-end-sessions"
          label={t("basicSettings.password.endOtherSessions")}
        />
        <SubmitButton pending={form.pending}>{t("basicSettings.password.submit")}</SubmitButton>
      </Form>
    </SettingsSection>
  );
}
