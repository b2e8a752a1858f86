import type { AccountView } from "@portier/shared/account";
import { EmailChangeRequest } from "@portier/shared/account-settings";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { TextField } from "../../../components/field.tsx";
import { Form } from "../../../components/form.tsx";
import { CurrentPasswordField } from "../../../components/password-field.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { useForm } from "../../../lib/use-form.ts";
import { useRequestEmailChange } from "../api/change-email.ts";
import { SettingsSection } from "./settings-section.tsx";

/** The new login email and the password; the change happens when the link sent to the new address is opened. */
export function EmailSection({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  const request = useRequestEmailChange();
  const [sentTo, setSentTo] = useState<{ email: string; hours: number } | null>(null);
  const form = useForm({ schema: EmailChangeRequest, initial: { email: "", password: "" } });

  const onSubmit = form.onSubmit(async (body) => {
    const result = await request.mutateAsync(body);
    form.setValues({ email: "", password: "" });
    setSentTo({ email: body.email, hours: result.hours });
  });

  return (
    <SettingsSection id="email" title={t("basicSettings.email.title")}>
      <p>{t("basicSettings.email.current", { email: account.email })}</p>
      <p className="muted">{t("basicSettings.email.intro")}</p>
      {form.succeeded && sentTo && <Alert tone="success">{t("basicSettings.email.sent", sentTo)}</Alert>}
      <Form form={form} onSubmit={onSubmit}>
        <TextField
          {...form.field("email")}
          id="email-new"
          type="email"
          autoComplete="email"
          label={t("basicSettings.email.newEmail")}
          required
        />
        <CurrentPasswordField {...form.field("password")} id="email-password" label={t("basicSettings.currentPassword")} />
        <SubmitButton pending={form.pending}>{t("basicSettings.email.submit")}</SubmitButton>
      </Form>
    </SettingsSection>
  );
}
