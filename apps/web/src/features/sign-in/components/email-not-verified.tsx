import { EMAIL_VERIFICATION_TTL_HOURS, ResendEmailRequest } from "@portier/shared/signup";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { useForm } from "../../../lib/use-form.ts";
import { useResendVerification } from "../api/resend-verification.ts";

/**
 * Shown when the password was right but the email is not verified yet (EMAIL_NOT_VERIFIED,
 * ADR 025): why there is no session, and a new link for the address just typed.
 */
export function EmailNotVerified({ email }: { email: string }) {
  const { t } = useTranslation();
  const resend = useResendVerification();
  // Not given the form's ref: this form sits under the sign-in form, whose errors take the focus.
  const form = useForm({ schema: ResendEmailRequest, initial: { captcha: "" }, request: ({ captcha }) => ({ email, captcha }) });
  const onSubmit = form.onSubmit((request) => resend.mutateAsync(request));

  return (
    <form className="email-not-verified" onSubmit={onSubmit} noValidate aria-labelledby="email-not-verified-title">
      <Alert>
        <strong id="email-not-verified-title">{t("signIn.notVerified.title")}</strong>{" "}
        {t("signIn.notVerified.text", { email, hours: EMAIL_VERIFICATION_TTL_HOURS })}
      </Alert>
      {form.succeeded && <Alert tone="success">{t("signIn.notVerified.sent", { email })}</Alert>}
      {form.errors.form && <Alert>{form.errors.form}</Alert>}
      <Captcha {...form.control("captcha")} id="resend-verification-captcha" />
      <SubmitButton pending={form.pending} className="button button-secondary">
        {t("signIn.notVerified.resend")}
      </SubmitButton>
    </form>
  );
}
