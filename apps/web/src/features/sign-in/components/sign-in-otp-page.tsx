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
  // The second factors this account can use (issue 17); an older page state knows only the code.
  const factors = (useLocation().state as SignInState | null)?.secondFactors ?? ["otp"];
  // After a recovery code: how many are left, said before going on.
  const [remaining, setRemaining] = useState<{ count: number; result: SignInResult } | null>(null);

  /** Where a proven second factor leads: the emailed confirmation, or in. */
  function proceed(result: SignInResult) {
    if (result.status === "confirmation_required") return step.goTo("/sign-in/confirm");
    step.signedIn();
  }

  /** An answer after which this sign-in cannot go on: back to the password step, saying why (the page asked for first is kept). */
  function over(error: unknown): boolean {
    if (!(error instanceof ApiError && error.code && ATTEMPT_OVER.has(error.code))) return false;
    step.goTo("/sign-in", { reason: error.code, reasonParams: error.problem?.params });
    return true;
  }

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
      {factors.includes("passkey") && <PasskeyFactor onProven={proceed} over={over} />}
      {factors.includes("otp") && <OtpFactor onProven={proceed} over={over} />}
      {factors.includes("recovery_code") && (
        <RecoveryCodeFactor
          startOpen={!factors.includes("otp") && !factors.includes("passkey")}
          onProven={(result) => setRemaining({ count: result.recoveryCodesRemaining ?? 0, result })}
          over={over}
        />
      )}
      <LostDevice over={over} />
      <p>
        <Trans i18nKey="signInOtp.otherAccount" components={{ signIn: <Link to="/sign-in" /> }} />
      </p>
    </CardPage>
  );
}

type SignInResult = z.infer<typeof SignInResponse>;

interface FactorProps {
  onProven: (result: SignInResult) => void;
  /** Hands over an answer that ends the sign-in (true); false when it is this step's to show. */
  over: (error: unknown) => boolean;
}

/** A passkey instead of the code (issue 17, ADR 040): the browser asks the authenticator. */
function PasskeyFactor({ onProven, over }: FactorProps) {
  const { t } = useTranslation();
  const passkey = usePasskeySecondFactor();
  // The browser's own refusals (cancelled, no authenticator) are said in our words.
  const signIn = useButtonRequest(passkey, over, onProven, (error) =>
    error instanceof ApiError ? undefined : t("signInOtp.passkeyFailed"),
  );

  return (
    <div className="passkey-sign-in">
      <p>{t("signInOtp.passkeyIntro")}</p>
      {signIn.error && <Alert>{signIn.error}</Alert>}
      <button type="button" className="button" disabled={passkey.isPending} onClick={signIn.run}>
        {passkey.isPending ? t("signInOtp.passkeyWaiting") : t("signInOtp.passkey")}
      </button>
    </div>
  );
}

/** The code from the authenticator app; wrong codes count against the attempt's five tries. */
function OtpFactor({ onProven, over }: FactorProps) {
  const { t } = useTranslation();
  const problem = useProblem();
  const verify = useSignInOtp();
  const form = useForm({ schema: SignInOtpRequest, initial: { code: "" } });
  const blocked = useWait();

  const onSubmit = form.onSubmit(async ({ code }) => {
    try {
      onProven(await verify.mutateAsync(code));
    } catch (error) {
      if (over(error)) return;
      blocked.fromError(error);
      form.setValue("code", "");
      // A wrong code: beside the field, with the tries left.
      if (error instanceof ApiError && error.code === ErrorCode.OTP_INVALID) form.fail(error, "code");
      else throw error;
    }
  });

  const waiting = blocked.seconds > 0;
  return (
    <>
      <p>{t("signInOtp.intro")}</p>
      <Form form={form} onSubmit={onSubmit}>
        <CodeField {...form.control("code")} label={t("signInOtp.code")} hint={t("signInOtp.codeHint")} focusOnMount />
        <SubmitButton pending={form.pending} pendingLabel={t("signInOtp.submitting")} disabled={waiting}>
          {waiting ? t("signInOtp.waitButton", { wait: problem.formatWait(blocked.seconds) }) : t("signInOtp.submit")}
        </SubmitButton>
      </Form>
    </>
  );
}

/** A recovery code instead (issue 17): behind a button unless it is all the account has. */
function RecoveryCodeFactor({ startOpen, onProven, over }: FactorProps & { startOpen: boolean }) {
  const { t } = useTranslation();
  const recovery = useSignInRecoveryCode();
  const form = useForm({ schema: SignInRecoveryCodeRequest, initial: { code: "" } });
  const [open, setOpen] = useState(startOpen);

  const onSubmit = form.onSubmit(async ({ code }) => {
    try {
      onProven(await recovery.mutateAsync(code));
    } catch (error) {
      if (over(error)) return;
      form.setValue("code", "");
      if (error instanceof ApiError && error.code === ErrorCode.RECOVERY_CODE_INVALID) form.fail(error, "code");
      else throw error;
    }
  });

  if (!open) {
    return (
      <p>
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {t("signInOtp.useRecovery")}
        </button>
      </p>
    );
  }
  return (
    <Form form={form} onSubmit={onSubmit}>
      <h2>{t("signInOtp.recoveryTitle")}</h2>
      <TextField
        {...form.field("code")}
        id="field-recovery-code"
        label={t("signInOtp.recoveryCode")}
        hint={t("signInOtp.recoveryHint")}
        autoComplete="off"
        spellCheck={false}
      />
      <SubmitButton pending={form.pending} pendingLabel={t("signInOtp.submitting")}>
        {t("signInOtp.recoverySubmit")}
      </SubmitButton>
    </Form>
  );
}

/** "I lost my OTP device": emails a link to turn two-factor sign-in off (SPEC §6), or support. */
function LostDevice({ over }: Pick<FactorProps, "over">) {
  const { t } = useTranslation();
  const lostDevice = useLostOtpDevice();
  const report = useButtonRequest(lostDevice, over);

  return (
    <>
      <h2>{t("signInOtp.lostTitle")}</h2>
      <p className="muted">{t("signInOtp.lostText")}</p>
      {report.error && <Alert>{report.error}</Alert>}
      {lostDevice.isSuccess && <Alert tone="success">{t("signInOtp.lostSent", { minutes: OTP_RECOVERY_LINK_TTL_MINUTES })}</Alert>}
      <p>
        <button type="button" className="button button-secondary" disabled={lostDevice.isPending} onClick={report.run}>
          {lostDevice.isPending ? t("common.sending") : lostDevice.isSuccess ? t("signInOtp.lostAgain") : t("signInOtp.lost")}
        </button>
      </p>
      <p className="muted">
        <Trans i18nKey="support.links.lostOtp" components={{ support: <Link to="/support?type=otp_disable" /> }} />
      </p>
    </>
  );
}

/** A request of this step that takes no input (what `useButtonRequest` needs of a mutation). */
interface ButtonMutation<T> {
  mutate: (variables: undefined, options: { onSuccess: (result: T) => void; onError: (error: Error) => void }) => void;
}

/**
 * A button of this step that sends one request: `run` clears its last refusal and sends it;
 * a refusal that ends the sign-in is handed `over`, any other is said (`say`'s words if it
 * has some for it, else the problem's sentence) as `error`.
 */
function useButtonRequest<T>(
  mutation: ButtonMutation<T>,
  over: FactorProps["over"],
  onSuccess: (result: T) => void = () => undefined,
  say: (error: Error) => string | undefined = () => undefined,
) {
  const problem = useProblem();
  const [error, setError] = useState<string | null>(null);
  function run() {
    setError(null);
    mutation.mutate(undefined, {
      onSuccess,
      onError: (refusal) => {
        if (!over(refusal)) setError(say(refusal) ?? problem.message(refusal));
      },
    });
  }
  return { run, error };
}
