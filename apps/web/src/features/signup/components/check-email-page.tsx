import { EMAIL_VERIFICATION_TTL_HOURS, ResendEmailRequest } from "@portier/shared/signup";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { TextField } from "../../../components/field.tsx";
import { useFocusFirstError } from "../../../lib/focus-first-error.ts";
import { type FormErrors, noErrors, useProblem } from "../../../lib/problem.ts";
import { useResendEmail } from "../api/resend-email.ts";

const FIELDS = ["email", "captcha"] as const;

/** After sign-up: the same page whether or not the address already had an account. */
export function CheckEmailPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const submittedEmail = (location.state as { email?: string } | null)?.email ?? "";
  const problem = useProblem();
  const resend = useResendEmail();
  const form = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState(submittedEmail);
  const [captcha, setCaptcha] = useState<string | null>(null);
  const [captchaKey, setCaptchaKey] = useState(0);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [sent, setSent] = useState(false);
  useFocusFirstError(form, errors);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSent(false);
    const parsed = ResendEmailRequest.safeParse({ email, captcha: captcha ?? "" });
    if (!parsed.success) return setErrors(problem.fromZod(parsed.error));
    setErrors(noErrors);
    resend.mutate(parsed.data, {
      onSuccess: () => setSent(true),
      onError: (error) => setErrors(problem.fromError(error, FIELDS)),
      // Each solution is accepted once; the next "send again" needs a fresh one.
      onSettled: () => {
        setCaptcha(null);
        setCaptchaKey((k) => k + 1);
      },
    });
  }

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
      <form ref={form} onSubmit={onSubmit} noValidate>
        {sent && <Alert tone="success">{t("checkEmail.resent")}</Alert>}
        {errors.form && <Alert>{errors.form}</Alert>}
        <TextField
          name="email"
          type="email"
          autoComplete="email"
          label={t("fields.email")}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.fields.email}
          required
        />
        <Captcha key={captchaKey} id="resend-captcha" onChange={setCaptcha} error={errors.fields.captcha} />
        <button type="submit" className="button button-secondary" disabled={resend.isPending}>
          {resend.isPending ? t("common.sending") : t("checkEmail.resend")}
        </button>
      </form>
      <p>
        <Link to="/sign-in">{t("checkEmail.toSignIn")}</Link>
      </p>
    </section>
  );
}
