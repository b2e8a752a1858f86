import { EMAIL_VERIFICATION_TTL_HOURS, ResendEmailRequest } from "@portier/shared/signup";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { TextField } from "../../../components/field.tsx";
import { useForm } from "../../../lib/use-form.ts";
import { useResendEmail } from "../api/resend-email.ts";

/** After sign-up: the same page whether or not the address already had an account. */
export function CheckEmailPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const submittedEmail = (location.state as { email?: string } | null)?.email ?? "";
  const resend = useResendEmail();
  const [sent, setSent] = useState(false);
  const form = useForm({ schema: ResendEmailRequest, initial: { email: submittedEmail, captcha: "" } });

  const submit = form.onSubmit(async (request) => {
    await resend.mutateAsync(request);
    setSent(true);
  });
  const onSubmit = (event: FormEvent) => {
    setSent(false);
    submit(event);
  };

  return (
    <section className="card narrow">
      <h1>{t("checkEmail.title")}</h1>
      <p>{submittedEmail ? t("checkEmail.sentTo", { email: submittedEmail }) : t("checkEmail.sentGeneric")}</p>
      <p>{t("checkEmail.instructions", { hours: EMAIL_VERIFICATION_TTL_HOURS })}</p>
      <p>
        <strong>{t("checkEmail.verifyFirst")}</strong>
      </p>
      <h2>{t("checkEmail.resendTitle")}</h2>
      <p className="muted">{t("checkEmail.resendIntro")}</p>
      <form ref={form.ref} onSubmit={onSubmit} noValidate>
        {sent && <Alert tone="success">{t("checkEmail.resent")}</Alert>}
        {form.errors.form && <Alert>{form.errors.form}</Alert>}
        <TextField {...form.field("email")} type="email" autoComplete="email" label={t("fields.email")} required />
        <Captcha {...form.control("captcha")} id="resend-captcha" />
        <button type="submit" className="button button-secondary" disabled={form.pending}>
          {form.pending ? t("common.sending") : t("checkEmail.resend")}
        </button>
      </form>
      <p>
        <Link to="/sign-in">{t("checkEmail.toSignIn")}</Link>
      </p>
    </section>
  );
}
