import { SignInRequest } from "@portier/shared/auth";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { TextField } from "../../../components/field.tsx";
import { PasswordField } from "../../../components/password-field.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useFocusFirstError } from "../../../lib/focus-first-error.ts";
import { useServiceSignIn } from "../../../lib/oidc-interaction.ts";
import { type FormErrors, noErrors, useProblem } from "../../../lib/problem.ts";
import type { SignInState } from "../../../lib/sign-in-state.ts";
import { useCountdown } from "../../../lib/use-countdown.ts";
import { useSignIn } from "../api/sign-in.ts";
import { EmailNotVerified } from "./email-not-verified.tsx";

const FIELDS = ["email", "password", "captcha"] as const;

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  // A service that signs in with Portier sends the customer here with ?continue= (SPEC §11).
  const service = useServiceSignIn(location.search);
  const state = { ...((location.state as SignInState | null) ?? {}), ...(service.continuePath ? { from: service.continuePath } : {}) };
  const queryClient = useQueryClient();
  const problem = useProblem();
  const signIn = useSignIn();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ email: "", password: "" });
  const [captchaRequired, setCaptchaRequired] = useState(false);
  const [captcha, setCaptcha] = useState<string | null>(null);
  const [captchaKey, setCaptchaKey] = useState(0);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [blockedUntil, setBlockedUntil] = useState<number | null>(null);
  // The address whose password was right but whose email is not verified yet (ADR 025).
  const [unverifiedEmail, setUnverifiedEmail] = useState<string | null>(null);
  const waitSeconds = useCountdown(blockedUntil);
  useFocusFirstError(form, errors);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = SignInRequest.safeParse({ ...values, ...(captchaRequired ? { captcha: captcha ?? "" } : {}) });
    if (!parsed.success) return setErrors(problem.fromZod(parsed.error));
    setErrors(noErrors);
    setUnverifiedEmail(null);
    signIn.mutate(
      { email: parsed.data.email, password: values.password, ...(parsed.data.captcha ? { captcha: parsed.data.captcha } : {}) },
      {
        onSuccess: (result) => {
          // The password was right; the attempt waits for the code (its cookie is HttpOnly: nothing to keep here).
          if (result.status === "otp_required") return navigate("/sign-in/otp", { state: { from: state.from } satisfies SignInState });
          // The account asks for this sign-in to be confirmed with the link just emailed to it.
          if (result.status === "confirmation_required") {
            return navigate("/sign-in/confirm", { state: { from: state.from } satisfies SignInState });
          }
          // A new session starts with nothing cached from the last one (maybe another account's).
          queryClient.removeQueries();
          navigate(state.from ?? "/account", { replace: true });
        },
        onError: (error) => {
          const code = error instanceof ApiError ? error.code : undefined;
          if (code === "CAPTCHA_REQUIRED" || code === "CAPTCHA_INVALID") setCaptchaRequired(true);
          const retryAfter = error instanceof ApiError ? error.problem?.retryAfter : undefined;
          if (retryAfter !== undefined) setBlockedUntil(Date.now() + retryAfter * 1000);
          // Explained (with "Send the link again") below the form, not as a form error.
          if (code === "EMAIL_NOT_VERIFIED") setUnverifiedEmail(parsed.data.email);
          else setErrors(problem.fromError(error, FIELDS));
          setCaptcha(null);
          setCaptchaKey((k) => k + 1);
        },
      },
    );
  }

  const waiting = waitSeconds > 0;
  return (
    <section className="card narrow">
      <h1>{t("signIn.title")}</h1>
      {service.serviceName && <p>{t("signIn.continueTo", { service: service.serviceName })}</p>}
      {state.reason && <Alert>{problem.codeMessage(state.reason, state.reasonParams)}</Alert>}
      {state.notice && <Alert tone="success">{t(`signIn.notice.${state.notice}`)}</Alert>}
      <form ref={form} onSubmit={onSubmit} noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <TextField
          name="email"
          type="email"
          autoComplete="username"
          label={t("fields.email")}
          value={values.email}
          onChange={(e) => setValues((v) => ({ ...v, email: e.target.value }))}
          error={errors.fields.email}
          required
        />
        <PasswordField
          name="password"
          autoComplete="current-password"
          label={t("fields.password")}
          value={values.password}
          onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))}
          error={errors.fields.password}
          required
        />
        {captchaRequired && <Captcha key={captchaKey} onChange={setCaptcha} error={errors.fields.captcha} />}
        <button type="submit" className="button" disabled={signIn.isPending || waiting}>
          {signIn.isPending
            ? t("signIn.submitting")
            : waiting
              ? t("signIn.waitButton", { wait: problem.formatWait(waitSeconds) })
              : t("signIn.submit")}
        </button>
      </form>
      {unverifiedEmail && <EmailNotVerified email={unverifiedEmail} />}
      <p>
        <Link to="/forgot-password">{t("signIn.forgotPassword")}</Link>
      </p>
      <p>
        <Trans i18nKey="signIn.noAccount" components={{ register: <Link to="/register" /> }} />
      </p>
      <p className="muted">
        <Trans i18nKey="support.links.signIn" components={{ support: <Link to="/support" /> }} />
      </p>
    </section>
  );
}
