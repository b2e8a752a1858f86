import { PairRequest } from "@portier/shared/shared-login";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { TextField } from "../../../components/field.tsx";
import { PasswordField } from "../../../components/password-field.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useFocusFirstError } from "../../../lib/focus-first-error.ts";
import { type FormErrors, noErrors, useProblem } from "../../../lib/problem.ts";
import type { SignInState } from "../../../lib/sign-in-state.ts";
import { useCancelPending, usePair, usePending } from "../api/pending.ts";
import { CreateAccountForm } from "./create-account-form.tsx";

const FIELDS = ["email", "password", "captcha"] as const;
/** Where a paired sign-in lands: the list that now shows the identity. */
const AFTER_PAIRING = "/account/shared-login";

/**
 * An identity linked to no account (SPEC §7; seed 000 "Pair with Existing Customer
 * Account"): the account's email and password (then its OTP step, if on) pair it and sign
 * in; or a new account is created from the provider's verified email.
 */
export function PairPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const problem = useProblem();
  const pending = usePending();
  const pair = usePair();
  const cancel = useCancelPending();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ email: "", password: "" });
  const [captchaRequired, setCaptchaRequired] = useState(false);
  const [captcha, setCaptcha] = useState<string | null>(null);
  const [captchaKey, setCaptchaKey] = useState(0);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(form, errors);

  if (pending.isPending) return <p role="status">{t("common.loading")}</p>;
  if (pending.isError) {
    return (
      <section className="card narrow">
        <h1>{t("sharedLogin.pair.title")}</h1>
        <Alert>{problem.message(pending.error)}</Alert>
        <p>
          <Link to="/sign-in">{t("sharedLogin.callback.backToSignIn")}</Link>
        </p>
      </section>
    );
  }
  const identity = pending.data;
  const provider = identity.provider.displayName;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = PairRequest.safeParse({ ...values, ...(captchaRequired ? { captcha: captcha ?? "" } : {}) });
    if (!parsed.success) return setErrors(problem.fromZod(parsed.error));
    setErrors(noErrors);
    pair.mutate(
      { email: parsed.data.email, password: values.password, ...(parsed.data.captcha ? { captcha: parsed.data.captcha } : {}) },
      {
        onSuccess: (result) => {
          // The identity is linked when the sign-in completes: after the OTP step or the confirmation, if any.
          const next: SignInState = { from: AFTER_PAIRING };
          if (result.status === "otp_required") return navigate("/sign-in/otp", { state: next });
          if (result.status === "confirmation_required") return navigate("/sign-in/confirm", { state: next });
          queryClient.removeQueries();
          navigate(AFTER_PAIRING, { replace: true, state: { linked: provider } });
        },
        onError: (error) => {
          const code = error instanceof ApiError ? error.code : undefined;
          if (code === "CAPTCHA_REQUIRED" || code === "CAPTCHA_INVALID") setCaptchaRequired(true);
          setErrors(problem.fromError(error, FIELDS));
          setCaptcha(null);
          setCaptchaKey((k) => k + 1);
        },
      },
    );
  }

  function onCancel() {
    cancel.mutate(undefined, { onSettled: () => navigate("/sign-in", { replace: true }) });
  }

  return (
    <>
      <section className="card narrow">
        <h1>{t("sharedLogin.pair.title")}</h1>
        <p>
          {identity.email
            ? t("sharedLogin.pair.signedInAs", { provider, email: identity.email })
            : t("sharedLogin.pair.signedInAt", { provider })}
        </p>
        <p className="muted">{t("sharedLogin.pair.intro", { provider })}</p>
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
          <button type="submit" className="button" disabled={pair.isPending}>
            {pair.isPending ? t("common.sending") : t("sharedLogin.pair.submit")}
          </button>
        </form>
        <p>
          <button type="button" className="link-button" onClick={onCancel} disabled={cancel.isPending}>
            {t("sharedLogin.pair.cancel")}
          </button>
        </p>
      </section>
      <CreateAccountForm identity={identity} />
    </>
  );
}
