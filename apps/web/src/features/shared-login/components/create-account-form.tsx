import { CreateAccountRequest, type PendingIdentity } from "@portier/shared/shared-login";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { CheckboxField, TextField } from "../../../components/field.tsx";
import { PasswordField, PasswordRules } from "../../../components/password-field.tsx";
import { useFocusFirstError } from "../../../lib/focus-first-error.ts";
import { type FormErrors, noErrors, useProblem } from "../../../lib/problem.ts";
import { useCreateAccount } from "../api/pending.ts";

const FIELDS = ["phone", "password", "acceptTerms", "captcha"] as const;

/**
 * "Create a new account" from the provider's verified email (SPEC §1 rules for the rest).
 * Signs in; the phone is verified next, on the account's Verify phone page.
 */
export function CreateAccountForm({ identity }: { identity: PendingIdentity }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const problem = useProblem();
  const create = useCreateAccount();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ phone: "", password: "", acceptTerms: false });
  const [captcha, setCaptcha] = useState<string | null>(null);
  const [captchaKey, setCaptchaKey] = useState(0);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(form, errors);
  const provider = identity.provider.displayName;

  const set = (field: keyof typeof values) => (event: { target: HTMLInputElement }) =>
    setValues((v) => ({ ...v, [field]: field === "acceptTerms" ? event.target.checked : event.target.value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = CreateAccountRequest.safeParse({ ...values, locale: i18n.language === "cs" ? "cs" : "en", captcha: captcha ?? "" });
    if (!parsed.success) return setErrors(problem.fromZod(parsed.error));
    setErrors(noErrors);
    create.mutate(parsed.data, {
      onSuccess: () => {
        queryClient.removeQueries();
        navigate("/account/verify-phone", { replace: true });
      },
      onError: (error) => {
        setErrors(problem.fromError(error, FIELDS));
        setCaptcha(null);
        setCaptchaKey((k) => k + 1);
      },
    });
  }

  return (
    <section className="card narrow shared-login-card" aria-labelledby="create-account-heading">
      <h2 id="create-account-heading">{t("sharedLogin.create.title")}</h2>
      {!identity.email || !identity.emailVerified ? (
        <p>
          <Trans i18nKey="sharedLogin.create.unverified" values={{ provider }} components={{ register: <Link to="/register" /> }} />
        </p>
      ) : (
        <>
          <p className="muted">{t("sharedLogin.create.intro", { provider, email: identity.email })}</p>
          <form ref={form} onSubmit={onSubmit} noValidate>
            {errors.form && <Alert>{errors.form}</Alert>}
            <TextField
              name="phone"
              id="create-phone"
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
              id="create-password"
              autoComplete="new-password"
              label={t("sharedLogin.create.password")}
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
            <button type="submit" className="button" disabled={create.isPending}>
              {create.isPending ? t("common.sending") : t("sharedLogin.create.submit")}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
