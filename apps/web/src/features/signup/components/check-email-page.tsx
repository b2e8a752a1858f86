import { EMAIL_VERIFICATION_TTL_HOURS, ResendEmailRequest } from "@portier/shared/signup";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { CardPage } from "../../../components/card-page.tsx";
import { TextField } from "../../../components/field.tsx";
import { LinkLine } from "../../../components/link-line.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { useForm } from "../../../lib/use-form.ts";
import { useResendEmail } from "../api/resend-email.ts";

/** After sign-up: the same page whether or not the address already had an account. */
export function CheckEmailPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const submittedEmail = (location.state as { email?: string } | null)?.email ?? "";
  const resend = useResendEmail();
  const form = useForm({ schema: ResendEmailRequest, initial: { email: submittedEmail, captcha: "" } });
  const onSubmit = form.onSubmit((request) => resend.mutateAsync(request));

  return (
    <CardPage title={t("checkEmail.title")}>
      <p>{submittedEmail ? t("checkEmail.sentTo", { email: submittedEmail }) : t("checkEmail.sentGeneric")}</p>
      <p>{t("checkEmail.instructions", { hours: EMAIL_VERIFICATION_TTL_HOURS })}</p>
      <p>
        <strong>{t("checkEmail.verifyFirst")}</strong>
      </p>
      <h2>{t("checkEmail.resendTitle")}</h2>
      <p className="muted">{t("checkEmail.resendIntro")}</p>
      <form ref={form.ref} onSubmit={onSubmit} noValidate>
        {form.succeeded && <Alert tone="success">{t("checkEmail.resent")}</Alert>}
        {form.errors.form && <Alert>{form.errors.form}</Alert>}
        <TextField {...form.field("email")} type="email" autoComplete="email" label={t("fields.email")} required />
        <Captcha {...form.control("captcha")} id="resend-captcha" />
        <SubmitButton pending={form.pending} className="button button-secondary">
          {t("checkEmail.resend")}
        </SubmitButton>
      </form>
      <LinkLine to="/sign-in">{t("checkEmail.toSignIn")}</LinkLine>
    </CardPage>
  );
}
