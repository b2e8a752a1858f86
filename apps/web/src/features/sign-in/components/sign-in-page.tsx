import type { SignInResponse } from "@portier/shared/auth";
import { SignInRequest } from "@portier/shared/auth";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import type { z } from "zod";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { CardPage } from "../../../components/card-page.tsx";
import { TextField } from "../../../components/field.tsx";
import { Form } from "../../../components/form.tsx";
import { LinkLine } from "../../../components/link-line.tsx";
import { CurrentPasswordField } from "../../../components/password-field.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useServiceSignIn } from "../../../lib/oidc-interaction.ts";
import { useProblem } from "../../../lib/problem.ts";
import type { SignInState } from "../../../lib/sign-in-state.ts";
import { useWait } from "../../../lib/use-countdown.ts";
import { useForm } from "../../../lib/use-form.ts";
import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  cancelPasskeyRequest,
  passkeySignIn,
  usePasskeySignIn,
} from "../api/passkey-sign-in.ts";
import { useSignIn } from "../api/sign-in.ts";
import { EmailNotVerified } from "./email-not-verified.tsx";

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
  const [captchaRequired, setCaptchaRequired] = useState(false);
  // The address whose password was right but whose email is not verified yet (ADR 025).
  const [unverifiedEmail, setUnverifiedEmail] = useState<string | null>(null);
  const blocked = useWait();
  const form = useForm({
    schema: SignInRequest,
    initial: { email: "", password: "", captcha: "" },
    request: ({ captcha, ...credentials }) => ({ ...credentials, ...(captchaRequired ? { captcha } : {}) }),
  });

  const passkey = usePasskeySignIn();
  const [passkeyError, setPasskeyError] = useState<string | null>(null);

  /** Where a step's answer leads: the second factor, the emailed confirmation, or in. */
  function proceed(result: z.infer<typeof SignInResponse>) {
    // The password was right; the attempt waits for the second factor (its cookie is HttpOnly: nothing to keep here).
    if (result.status === "otp_required") {
      return navigate("/sign-in/otp", { state: { from: state.from, secondFactors: result.secondFactors } satisfies SignInState });
    }
    // The account asks for this sign-in to be confirmed with the link just emailed to it.
    if (result.status === "confirmation_required") {
      return navigate("/sign-in/confirm", { state: { from: state.from } satisfies SignInState });
    }
    // A new session starts with nothing cached from the last one (maybe another account's).
    queryClient.removeQueries();
    navigate(state.from ?? "/account", { replace: true });
  }

  // Passkeys in the email field's suggestions (conditional UI), where the browser offers it: once per visit.
  useEffect(() => {
    let live = true;
    void browserSupportsWebAuthnAutofill().then((supported) => {
      if (!supported || !live) return;
      passkeySignIn({ autofill: true }).then(
        (result) => live && proceed(result),
        () => {}, // cancelled, or not picked: the form stays as it is
      );
    });
    return () => {
      live = false;
      cancelPasskeyRequest();
    };
  }, []);

  function signInWithPasskey() {
    setPasskeyError(null);
    passkey.mutate(false, {
      onSuccess: proceed,
      onError: (error) => setPasskeyError(error instanceof ApiError ? problem.message(error) : t("signIn.passkeyFailed")),
    });
  }

  const onSubmit = form.onSubmit(async (request, values) => {
    setUnverifiedEmail(null);
    try {
      const result = await signIn.mutateAsync({
        email: request.email,
        password: values.password,
        ...(request.captcha ? { captcha: request.captcha } : {}),
      });
      proceed(result);
    } catch (error) {
      const code = error instanceof ApiError ? error.code : undefined;
      // The first time the API asks for a CAPTCHA none was shown: no error, the CAPTCHA
      // appears with the words that explain it (the password stays filled in).
      if (code === "CAPTCHA_REQUIRED" && !captchaRequired) return setCaptchaRequired(true);
      if (code === "CAPTCHA_REQUIRED" || code === "CAPTCHA_INVALID") setCaptchaRequired(true);
      blocked.fromError(error);
      // Explained (with "Send the link again") below the form, not as a form error.
      if (code === "EMAIL_NOT_VERIFIED") setUnverifiedEmail(request.email);
      else throw error;
    }
  });

  const waiting = blocked.seconds > 0;
  return (
    <CardPage title={t("signIn.title")}>
      {service.serviceName && <p>{t("signIn.continueTo", { service: service.serviceName })}</p>}
      {state.reason && <Alert>{problem.codeMessage(state.reason, state.reasonParams)}</Alert>}
      {state.notice && <Alert tone={state.notice === "sessionEnded" ? "info" : "success"}>{t(`signIn.notice.${state.notice}`)}</Alert>}
      <Form form={form} onSubmit={onSubmit}>
        <TextField {...form.field("email")} type="email" autoComplete="username webauthn" label={t("fields.email")} required />
        <CurrentPasswordField {...form.field("password")} />
        {captchaRequired && (
          <>
            <Alert tone="info">{t("signIn.captchaNeeded")}</Alert>
            <Captcha {...form.control("captcha")} />
          </>
        )}
        <SubmitButton pending={form.pending} pendingLabel={t("signIn.submitting")} disabled={waiting}>
          {waiting ? t("signIn.waitButton", { wait: problem.formatWait(blocked.seconds) }) : t("signIn.submit")}
        </SubmitButton>
      </Form>
      {unverifiedEmail && <EmailNotVerified email={unverifiedEmail} />}
      {browserSupportsWebAuthn() && (
        <div className="passkey-sign-in">
          <p className="muted">{t("signIn.passkeyText")}</p>
          {passkeyError && <Alert>{passkeyError}</Alert>}
          <button type="button" className="button button-secondary" disabled={passkey.isPending} onClick={signInWithPasskey}>
            {passkey.isPending ? t("signIn.passkeyWaiting") : t("signIn.passkey")}
          </button>
        </div>
      )}
      <LinkLine to="/forgot-password">{t("signIn.forgotPassword")}</LinkLine>
      <p>
        <Trans i18nKey="signIn.noAccount" components={{ register: <Link to="/register" /> }} />
      </p>
      <p className="muted">
        <Trans i18nKey="support.links.signIn" components={{ support: <Link to="/support" /> }} />
      </p>
    </CardPage>
  );
}
