import { EMAIL_VERIFICATION_TTL_HOURS, ResendEmailRequest } from "@portier/shared/signup";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { type FormErrors, noErrors, useProblem } from "../../../lib/problem.ts";
import { useResendVerification } from "../api/resend-verification.ts";

/**
 * Shown when the password was right but the email is not verified yet (EMAIL_NOT_VERIFIED,
 * ADR 025): why there is no session, and a new link for the address just typed.
 */
export function EmailNotVerified({ email }: { email: string }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const resend = useResendVerification();
  const [captcha, setCaptcha] = useState<string | null>(null);
  const [captchaKey, setCaptchaKey] = useState(0);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [sent, setSent] = useState(false);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSent(false);
    const parsed = ResendEmailRequest.safeParse({ email, captcha: captcha ?? "" });
    if (!parsed.success) return setErrors(problem.fromZod(parsed.error));
    setErrors(noErrors);
    resend.mutate(parsed.data, {
      onSuccess: () => setSent(true),
      onError: (error) => setErrors(problem.fromError(error, ["captcha"])),
      // Each solution is accepted once; the next "send again" needs a fresh one.
      onSettled: () => {
        setCaptcha(null);
        setCaptchaKey((k) => k + 1);
      },
    });
  }

  return (
    <form className="email-not-verified" onSubmit={onSubmit} noValidate aria-labelledby="email-not-verified-title">
      <Alert>
        <strong id="email-not-verified-title">{t("signIn.notVerified.title")}</strong>{" "}
        {t("signIn.notVerified.text", { email, hours: EMAIL_VERIFICATION_TTL_HOURS })}
      </Alert>
      {sent && <Alert tone="success">{t("signIn.notVerified.sent", { email })}</Alert>}
      {errors.form && <Alert>{errors.form}</Alert>}
      <Captcha key={captchaKey} id="resend-verification-captcha" onChange={setCaptcha} error={errors.fields.captcha} />
      <button type="submit" className="button button-secondary" disabled={resend.isPending}>
        {resend.isPending ? t("common.sending") : t("signIn.notVerified.resend")}
      </button>
    </form>
  );
}
