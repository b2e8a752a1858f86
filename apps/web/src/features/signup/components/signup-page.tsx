import { SignupRequest } from "@portier/shared/signup";
import { type FormEvent, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { CheckboxField, TextField } from "../../../components/field.tsx";
import { PasswordField, PasswordRules } from "../../../components/password-field.tsx";
import { useFocusFirstError } from "../../../lib/focus-first-error.ts";
import { type FormErrors, noErrors, useProblem } from "../../../lib/problem.ts";
import { useSignup } from "../api/signup.ts";

const FIELDS = ["email", "phone", "password", "acceptTerms", "captcha"] as const;

export function SignupPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const problem = useProblem();
  const signup = useSignup();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ email: "", phone: "", password: "", acceptTerms: false });
  const [captcha, setCaptcha] = useState<string | null>(null);
  const [captchaKey, setCaptchaKey] = useState(0);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(form, errors);

  const set = (field: keyof typeof values) => (event: { target: HTMLInputElement }) =>
    setValues((v) => ({ ...v, [field]: field === "acceptTerms" ? event.target.checked : event.target.value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = SignupRequest.safeParse({ ...values, locale: i18n.language === "cs" ? "cs" : "en", captcha: captcha ?? "" });
    if (!parsed.success) return setErrors(problem.fromZod(parsed.error));
    setErrors(noErrors);
    signup.mutate(parsed.data, {
      onSuccess: (result) => navigate("/register/check-email", { state: { email: result.email } }),
      onError: (error) => {
        setErrors(problem.fromError(error, FIELDS));
        // The API consumed (or refused) this solution: fetch and solve a fresh challenge.
        setCaptcha(null);
        setCaptchaKey((k) => k + 1);
      },
    });
  }

  return (
    <section className="card narrow">
      <h1>{t("signup.title")}</h1>
      <p className="muted">{t("signup.intro")}</p>
      <form ref={form} onSubmit={onSubmit} noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <TextField
          name="email"
          type="email"
          autoComplete="email"
          label={t("fields.email")}
          value={values.email}
          onChange={set("email")}
          error={errors.fields.email}
          required
        />
        <TextField
          name="phone"
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          label={t("fields.phone")}
          hint={t("signup.phoneHint")}
          placeholder="+420 601 123 456"
          value={values.phone}
          onChange={set("phone")}
          error={errors.fields.phone}
          required
        />
        <PasswordField
          name="password"
          autoComplete="new-password"
          label={t("fields.password")}
          hint={<PasswordRules />}
          value={values.password}
          onChange={set("password")}
          error={errors.fields.password}
          required
        />
        <CheckboxField
          name="acceptTerms"
          label={t("signup.acceptTerms")}
          checked={values.acceptTerms}
          onChange={set("acceptTerms")}
          error={errors.fields.acceptTerms}
          required
        />
        <Captcha key={captchaKey} onChange={setCaptcha} error={errors.fields.captcha} />
        <button type="submit" className="button" disabled={signup.isPending}>
          {signup.isPending ? t("common.sending") : t("signup.submit")}
        </button>
      </form>
      <p>
        <Trans i18nKey="signup.haveAccount" components={{ signIn: <Link to="/sign-in" /> }} />
      </p>
    </section>
  );
}
