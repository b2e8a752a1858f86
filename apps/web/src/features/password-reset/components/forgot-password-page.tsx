import { PASSWORD_RESET_LINK_TTL_MINUTES, PasswordResetRequest } from "@portier/shared/password-reset";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { TextField } from "../../../components/field.tsx";
import { useFocusFirstError } from "../../../lib/focus-first-error.ts";
import { type FormErrors, noErrors, useProblem } from "../../../lib/problem.ts";
import { useRequestPasswordReset } from "../api/request-reset.ts";

const FIELDS = ["email", "captcha"] as const;

/**
 * Password recovery (SPEC §6; seed 001): the login email and a CAPTCHA. The answer
 * looks the same whether or not an account uses the address, and says where the link
 * will work: only in this browser, which the API has just marked with a cookie.
 */
export function ForgotPasswordPage() {
  const { t, i18n } = useTranslation();
  const problem = useProblem();
  const request = useRequestPasswordReset();
  const form = useRef<HTMLFormElement>(null);
  const sentRef = useRef<HTMLDivElement>(null);
  const [email, setEmail] = useState("");
  const [captcha, setCaptcha] = useState<string | null>(null);
  const [captchaKey, setCaptchaKey] = useState(0);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [sentTo, setSentTo] = useState<string | null>(null);
  useFocusFirstError(form, errors);

  // The form is gone: the confirmation takes focus and is read out.
  useEffect(() => {
    if (sentTo) sentRef.current?.focus();
  }, [sentTo]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = PasswordResetRequest.safeParse({ email, captcha: captcha ?? "", locale: i18n.language === "cs" ? "cs" : "en" });
    if (!parsed.success) return setErrors(problem.fromZod(parsed.error));
    setErrors(noErrors);
    request.mutate(parsed.data, {
      onSuccess: () => setSentTo(parsed.data.email),
      onError: (error) => setErrors(problem.fromError(error, FIELDS)),
      // Each solution is accepted once: the next request needs a fresh one.
      onSettled: () => {
        setCaptcha(null);
        setCaptchaKey((k) => k + 1);
      },
    });
  }

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
        <p>
          <Link to="/sign-in">{t("forgotPassword.toSignIn")}</Link>
        </p>
      </section>
    );
  }

  return (
    <section className="card narrow">
      <h1>{t("forgotPassword.title")}</h1>
      <p className="muted">{t("forgotPassword.intro")}</p>
      <form ref={form} onSubmit={onSubmit} noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <TextField
          name="email"
          type="email"
          autoComplete="username"
          label={t("fields.email")}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.fields.email}
          required
        />
        <Captcha key={captchaKey} onChange={setCaptcha} error={errors.fields.captcha} />
        <button type="submit" className="button" disabled={request.isPending}>
          {request.isPending ? t("common.sending") : t("forgotPassword.submit")}
        </button>
      </form>
      <p className="muted">{t("forgotPassword.forgotEmail")}</p>
      <p>
        <Link to="/sign-in">{t("forgotPassword.toSignIn")}</Link>
      </p>
    </section>
  );
}
