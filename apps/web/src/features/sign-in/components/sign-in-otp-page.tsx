import type { SignInResponse } from "@portier/shared/auth";
import { ErrorCode } from "@portier/shared/errors";
import { OTP_RECOVERY_LINK_TTL_MINUTES, SignInOtpRequest } from "@portier/shared/otp";
import { SignInRecoveryCodeRequest } from "@portier/shared/recovery-codes";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import type { z } from "zod";
import { Alert } from "../../../components/alert.tsx";
import { CardPage } from "../../../components/card-page.tsx";
import { CodeField } from "../../../components/code-entry.tsx";
import { TextField } from "../../../components/field.tsx";
import { Form } from "../../../components/form.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useProblem } from "../../../lib/problem.ts";
import { type SignInState, useSignInStep } from "../../../lib/sign-in-state.ts";
import { useWait } from "../../../lib/use-countdown.ts";
import { useForm } from "../../../lib/use-form.ts";
import { useLostOtpDevice } from "../api/lost-otp-device.ts";
import { usePasskeySecondFactor, useSignInRecoveryCode } from "../api/passkey-sign-in.ts";
import { useSignInOtp } from "../api/sign-in-otp.ts";

/**
 * Answers after which this sign-in cannot go on: 5 wrong codes ended it, a change
 * elsewhere cancelled it, its 10 minutes passed, or this browser holds no attempt. The
 * password step starts a new one and says which (the problem's code and params).
 */
const ATTEMPT_OVER: ReadonlySet<string> = new Set([
  ErrorCode.LOGIN_ATTEMPT_TOO_MANY_CODES,
  ErrorCode.LOGIN_ATTEMPT_CANCELLED,
  ErrorCode.LOGIN_ATTEMPT_EXPIRED,
  ErrorCode.LOGIN_ATTEMPT_INVALID,
]);

/**
 * The second step of sign-in (SPEC §2, §5): the code from the authenticator app, and
 * "I lost my OTP device", which emails a link to disable OTP (SPEC §6); or a passkey or a
 * recovery code instead, when the account has them (issue 17, ADR 040).
 */
export function SignInOtpPage() {
  const { t } = useTranslation();
  const step = useSignInStep();
  const problem = useProblem();
  const verify = useSignInOtp();
  const lostDevice = useLostOtpDevice();
  const form = useForm({ schema: SignInOtpRequest, initial: { code: "" } });
  const [lostError, setLostError] = useState<string | null>(null);
  const blocked = useWait();
  // The second factors this account can use (issue 17); an older page state knows only the code.
  const factors = (useLocation().state as SignInState | null)?.secondFactors ?? ["otp"];
  const passkey = usePasskeySecondFactor();
  const [passkeyError, setPasskeyError] = useState<string | null>(null);
  const recovery = useSignInRecoveryCode();
  const recoveryForm = useForm({ schema: SignInRecoveryCodeRequest, initial: { code: "" } });
  const [useRecovery, setUseRecovery] = useState(!factors.includes("otp") && !factors.includes("passkey"));
  // After a recovery code: how many are left, said before going on.
  const [remaining, setRemaining] = useState<{ count: number; result: z.infer<typeof SignInResponse> } | null>(null);

  /** Where a proven second factor leads: the emailed confirmation, or in. */
  function proceed(result: z.infer<typeof SignInResponse>) {
    if (result.status === "confirmation_required") return step.goTo("/sign-in/confirm");
    step.signedIn();
  }

  /** Back to the password step, saying why; the page asked for first is kept. */
  function startAgain(error: ApiError) {
    step.goTo("/sign-in", { reason: error.code, reasonParams: error.problem?.params });
  }

  const onSubmit = form.onSubmit(async ({ code }) => {
    try {
      proceed(await verify.mutateAsync(code));
    } catch (error) {
      const apiError = error instanceof ApiError ? error : null;
      if (apiError?.code && ATTEMPT_OVER.has(apiError.code)) return startAgain(apiError);
      blocked.fromError(error);
      form.setValue("code", "");
      // A wrong code: beside the field, with the tries left.
      if (apiError?.code === ErrorCode.OTP_INVALID) form.fail(error, "code");
      else throw error;
    }
  });

  function reportLostDevice() {
    setLostError(null);
    lostDevice.mutate(undefined, {
      onError: (error) => {
        if (error instanceof ApiError && error.code && ATTEMPT_OVER.has(error.code)) return startAgain(error);
        setLostError(problem.message(error));
      },
    });
  }

  function signInWithPasskey() {
    setPasskeyError(null);
    passkey.mutate(undefined, {
      onSuccess: proceed,
      onError: (error) => {
        if (error instanceof ApiError && error.code && ATTEMPT_OVER.has(error.code)) return startAgain(error);
        setPasskeyError(error instanceof ApiError ? problem.message(error) : t("signInOtp.passkeyFailed"));
      },
    });
  }

  const onRecoverySubmit = recoveryForm.onSubmit(async ({ code }) => {
    try {
      const result = await recovery.mutateAsync(code);
      setRemaining({ count: result.recoveryCodesRemaining ?? 0, result });
    } catch (error) {
      const apiError = error instanceof ApiError ? error : null;
      if (apiError?.code && ATTEMPT_OVER.has(apiError.code)) return startAgain(apiError);
      recoveryForm.setValue("code", "");
      if (apiError?.code === ErrorCode.RECOVERY_CODE_INVALID) recoveryForm.fail(error, "code");
      else throw error;
    }
  });

  const waiting = blocked.seconds > 0;
  if (remaining) {
    return (
      <CardPage title={t("signInOtp.title")}>
        <Alert tone={remaining.count > 3 ? "success" : "error"}>{t("signInOtp.recoveryRemaining", { count: remaining.count })}</Alert>
        <p>{t("signInOtp.recoveryRenew")}</p>
        <button type="button" className="button" onClick={() => proceed(remaining.result)}>
          {t("signInOtp.continue")}
        </button>
      </CardPage>
    );
  }
  return (
    <CardPage title={t("signInOtp.title")}>
      {factors.includes("passkey") && (
        <div className="passkey-sign-in">
          <p>{t("signInOtp.passkeyIntro")}</p>
          {passkeyError && <Alert>{passkeyError}</Alert>}
          <button type="button" className="button" disabled={passkey.isPending} onClick={signInWithPasskey}>
            {passkey.isPending ? t("signInOtp.passkeyWaiting") : t("signInOtp.passkey")}
          </button>
        </div>
      )}
      {factors.includes("otp") && (
        <>
          <p>{t("signInOtp.intro")}</p>
          <Form form={form} onSubmit={onSubmit}>
            <CodeField {...form.control("code")} label={t("signInOtp.code")} hint={t("signInOtp.codeHint")} focusOnMount />
            <SubmitButton pending={form.pending} pendingLabel={t("signInOtp.submitting")} disabled={waiting}>
              {waiting ? t("signInOtp.waitButton", { wait: problem.formatWait(blocked.seconds) }) : t("signInOtp.submit")}
            </SubmitButton>
          </Form>
        </>
      )}
      {factors.includes("recovery_code") &&
        (useRecovery ? (
          <Form form={recoveryForm} onSubmit={onRecoverySubmit}>
            <h2>{t("signInOtp.recoveryTitle")}</h2>
            <TextField
              {...recoveryForm.field("code")}
              id="field-recovery-code"
              label={t("signInOtp.recoveryCode")}
              hint={t("signInOtp.recoveryHint")}
              autoComplete="off"
              spellCheck={false}
            />
            <SubmitButton pending={recoveryForm.pending} pendingLabel={t("signInOtp.submitting")}>
              {t("signInOtp.recoverySubmit")}
            </SubmitButton>
          </Form>
        ) : (
          <p>
            <button type="button" className="button button-secondary" onClick={() => setUseRecovery(true)}>
              {t("signInOtp.useRecovery")}
            </button>
          </p>
        ))}
      <h2>{t("signInOtp.lostTitle")}</h2>
      <p className="muted">{t("signInOtp.lostText")}</p>
      {lostError && <Alert>{lostError}</Alert>}
      {lostDevice.isSuccess && <Alert tone="success">{t("signInOtp.lostSent", { minutes: OTP_RECOVERY_LINK_TTL_MINUTES })}</Alert>}
      <p>
        <button type="button" className="button button-secondary" disabled={lostDevice.isPending} onClick={reportLostDevice}>
          {lostDevice.isPending ? t("common.sending") : lostDevice.isSuccess ? t("signInOtp.lostAgain") : t("signInOtp.lost")}
        </button>
      </p>
      <p className="muted">
        <Trans i18nKey="support.links.lostOtp" components={{ support: <Link to="/support?type=otp_disable" /> }} />
      </p>
      <p>
        <Trans i18nKey="signInOtp.otherAccount" components={{ signIn: <Link to="/sign-in" /> }} />
      </p>
    </CardPage>
  );
}
