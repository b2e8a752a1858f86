import { ErrorCode } from "@portier/shared/errors";
import { OTP_RECOVERY_LINK_TTL_MINUTES, SignInOtpRequest } from "@portier/shared/otp";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { CardPage } from "../../../components/card-page.tsx";
import { CodeField } from "../../../components/code-entry.tsx";
import { Form } from "../../../components/form.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useProblem } from "../../../lib/problem.ts";
import { useSignInStep } from "../../../lib/sign-in-state.ts";
import { useWait } from "../../../lib/use-countdown.ts";
import { useForm } from "../../../lib/use-form.ts";
import { useLostOtpDevice } from "../api/lost-otp-device.ts";
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
 * "I lost my OTP device", which emails a link to disable OTP (SPEC §6).
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

  /** Back to the password step, saying why; the page asked for first is kept. */
  function startAgain(error: ApiError) {
    step.goTo("/sign-in", { reason: error.code, reasonParams: error.problem?.params });
  }

  const onSubmit = form.onSubmit(async ({ code }) => {
    try {
      const result = await verify.mutateAsync(code);
      // The code was right; the account asks for this sign-in to be confirmed by the emailed link.
      if (result.status === "confirmation_required") return step.goTo("/sign-in/confirm");
      step.signedIn();
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

  const waiting = blocked.seconds > 0;
  return (
    <CardPage title={t("signInOtp.title")}>
      <p>{t("signInOtp.intro")}</p>
      <Form form={form} onSubmit={onSubmit}>
        <CodeField {...form.control("code")} label={t("signInOtp.code")} hint={t("signInOtp.codeHint")} focusOnMount />
        <SubmitButton pending={form.pending} pendingLabel={t("signInOtp.submitting")} disabled={waiting}>
          {waiting ? t("signInOtp.waitButton", { wait: problem.formatWait(blocked.seconds) }) : t("signInOtp.submit")}
        </SubmitButton>
      </Form>
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
