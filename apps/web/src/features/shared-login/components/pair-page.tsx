import { PairRequest } from "@portier/shared/shared-login";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { CardPage } from "../../../components/card-page.tsx";
import { TextField } from "../../../components/field.tsx";
import { Form } from "../../../components/form.tsx";
import { LinkLine } from "../../../components/link-line.tsx";
import { CurrentPasswordField } from "../../../components/password-field.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useProblem } from "../../../lib/problem.ts";
import type { SignInState } from "../../../lib/sign-in-state.ts";
import { useForm } from "../../../lib/use-form.ts";
import { useCancelPending, usePair, usePending } from "../api/pending.ts";
import { CreateAccountForm } from "./create-account-form.tsx";

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
  const problem = useProblem();
  const pending = usePending();
  const cancel = useCancelPending();

  if (pending.isPending) return <p role="status">{t("common.loading")}</p>;
  if (pending.isError) {
    return (
      <CardPage title={t("sharedLogin.pair.title")}>
        <Alert>{problem.message(pending.error)}</Alert>
        <LinkLine to="/sign-in">{t("sharedLogin.callback.backToSignIn")}</LinkLine>
      </CardPage>
    );
  }
  const identity = pending.data;
  const provider = identity.provider.displayName;

  function onCancel() {
    cancel.mutate(undefined, { onSettled: () => navigate("/sign-in", { replace: true }) });
  }

  return (
    <>
      <CardPage title={t("sharedLogin.pair.title")}>
        <p>
          {identity.email
            ? t("sharedLogin.pair.signedInAs", { provider, email: identity.email })
            : t("sharedLogin.pair.signedInAt", { provider })}
        </p>
        <p className="muted">{t("sharedLogin.pair.intro", { provider })}</p>
        <PairForm provider={provider} />
        <p>
          <button type="button" className="link-button" onClick={onCancel} disabled={cancel.isPending}>
            {t("sharedLogin.pair.cancel")}
          </button>
        </p>
      </CardPage>
      <CreateAccountForm identity={identity} />
    </>
  );
}

/**
 * The existing account's email and password (a CAPTCHA once the API asks for one): pairs the
 * identity and signs in, through the OTP step or the confirmation when the account has them.
 */
function PairForm({ provider }: { provider: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const pair = usePair();
  const [captchaRequired, setCaptchaRequired] = useState(false);
  const form = useForm({
    schema: PairRequest,
    initial: { email: "", password: "", captcha: "" },
    request: ({ captcha, ...credentials }) => ({ ...credentials, ...(captchaRequired ? { captcha } : {}) }),
  });
  const onSubmit = form.onSubmit(async (request, values) => {
    try {
      const result = await pair.mutateAsync({
        email: request.email,
        password: values.password,
        ...(request.captcha ? { captcha: request.captcha } : {}),
      });
      // The identity is linked when the sign-in completes: after the OTP step or the confirmation, if any.
      const next: SignInState = { from: AFTER_PAIRING };
      if (result.status === "otp_required") return navigate("/sign-in/otp", { state: next });
      if (result.status === "confirmation_required") return navigate("/sign-in/confirm", { state: next });
      queryClient.removeQueries();
      navigate(AFTER_PAIRING, { replace: true, state: { linked: provider } });
    } catch (error) {
      const code = error instanceof ApiError ? error.code : undefined;
      if (code === "CAPTCHA_REQUIRED" || code === "CAPTCHA_INVALID") setCaptchaRequired(true);
      throw error;
    }
  });

  return (
    <Form form={form} onSubmit={onSubmit}>
      <TextField {...form.field("email")} type="email" autoComplete="username" label={t("fields.email")} required />
      <CurrentPasswordField {...form.field("password")} />
      {captchaRequired && <Captcha {...form.control("captcha")} />}
      <SubmitButton pending={form.pending}>{t("sharedLogin.pair.submit")}</SubmitButton>
    </Form>
  );
}
