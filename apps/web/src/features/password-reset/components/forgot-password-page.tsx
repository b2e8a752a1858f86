import { PASSWORD_RESET_LINK_TTL_MINUTES, PasswordResetRequest } from "@portier/shared/password-reset";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { CardPage } from "../../../components/card-page.tsx";
import { TextField } from "../../../components/field.tsx";
import { Form } from "../../../components/form.tsx";
import { LinkLine } from "../../../components/link-line.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { requestLocale } from "../../../lib/i18n.ts";
import { useForm } from "../../../lib/use-form.ts";
import { useRequestPasswordReset } from "../api/request-reset.ts";

/**
 * Password recovery (SPEC §6; seed 001): the login email and a CAPTCHA. The answer
 * looks the same whether or not an account uses the address, and says where the link
 * will work: only in this browser, which the API has just marked with a cookie.
 */
export function ForgotPasswordPage() {
  const { t, i18n } = useTranslation();
  const request = useRequestPasswordReset();
  const sentRef = useRef<HTMLDivElement>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({
    schema: PasswordResetRequest,
    initial: { email: "", captcha: "" },
    request: (values) => ({ ...values, locale: requestLocale(i18n.language) }),
  });

  // The form is gone: the confirmation takes focus and is read out.
  useEffect(() => {
    if (sentTo) sentRef.current?.focus();
  }, [sentTo]);

  const onSubmit = form.onSubmit(async (body) => {
    await request.mutateAsync(body);
    setSentTo(body.email);
  });

  if (sentTo) {
    return (
      <section className="card narrow">
        <div ref={sentRef} tabIndex={-1}>
          <h1>{t("forgotPassword.sentTitle")}</h1>
          <p>{t("forgotPassword.sent", { email: sentTo, minutes: PASSWORD_RESET_LINK_TTL_MINUTES })}</p>
          <Alert tone="info">{t("forgotPassword.sameBrowser")}</Alert>
        </div>
        <p className="muted">{t("forgotPassword.noEmail")}</p>
        <p>
          <button type="button" className="button button-secondary" onClick={() => setSentTo(null)}>
            {t("forgotPassword.again")}
          </button>
        </p>
        <LinkLine to="/sign-in">{t("forgotPassword.toSignIn")}</LinkLine>
      </section>
    );
  }

  return (
    <CardPage title={t("forgotPassword.title")}>
      <p className="muted">{t("forgotPassword.intro")}</p>
      <Form form={form} onSubmit={onSubmit}>
        <TextField {...form.field("email")} type="email" autoComplete="username" label={t("fields.email")} required />
        <Captcha {...form.control("captcha")} />
        <SubmitButton pending={form.pending}>{t("forgotPassword.submit")}</SubmitButton>
      </Form>
      <p className="muted">{t("forgotPassword.forgotEmail")}</p>
      <LinkLine to="/sign-in">{t("forgotPassword.toSignIn")}</LinkLine>
    </CardPage>
  );
}
