import { ErrorCode } from "@portier/shared/errors";
import { OTP_RECOVERY_LINK_TTL_MINUTES, OtpRecoveryDisableRequest } from "@portier/shared/otp";
import type { SendSmsResponse } from "@portier/shared/signup";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { z } from "zod";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { InspectedLinkCard, linkPage } from "../../../components/card-page.tsx";
import { CodeField, SendCodeStep, showSmsCodeError, useCodeSending } from "../../../components/code-entry.tsx";
import { Form } from "../../../components/form.tsx";
import { LinkLine } from "../../../components/link-line.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { SuccessWithSignIn } from "../../../components/success-with-sign-in.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { LINK_PROBLEMS, linkProblemText } from "../../../lib/link-token.ts";
import { useForm } from "../../../lib/use-form.ts";
import { useFormat } from "../../../lib/use-format.ts";
import { useDisableOtpByRecovery } from "../api/disable-otp.ts";
import { useInspectRecoveryLink } from "../api/inspect-link.ts";
import { useSendRecoverySms } from "../api/send-recovery-sms.ts";

/** Where the flow ended before (or instead of) the form. */
type Outcome = "disabled" | "alreadyOff" | "noPhone" | { link: string };

function OtpRecovery() {
  const { t } = useTranslation();
  const format = useFormat();
  const inspect = useInspectRecoveryLink();
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  /** An answer that ends the flow, from whichever step; false if the step should show it itself. */
  function ended(error: unknown): boolean {
    const code = error instanceof ApiError ? error.code : undefined;
    if (code && LINK_PROBLEMS.has(code)) setOutcome({ link: code });
    else if (code === ErrorCode.OTP_NOT_ENABLED) setOutcome("alreadyOff");
    else if (code === ErrorCode.PHONE_NOT_VERIFIED) setOutcome("noPhone");
    else return false;
    return true;
  }

  return (
    <InspectedLinkCard
      title={t("otpRecovery.title")}
      inspect={inspect}
      problem={(code) => <LinkProblem code={code} />}
      checking={t("otpRecovery.checking")}
      result={outcome && <OutcomeView outcome={outcome} />}
    >
      {(token, info) =>
        info.phoneVerified ? (
          <>
            <p>{t("otpRecovery.intro", { phone: info.phone ?? "" })}</p>
            <p className="muted">{t("otpRecovery.validUntil", { time: format.dateTime(info.expiresAt) })}</p>
            <RecoveryForm token={token} ended={ended} onDisabled={() => setOutcome("disabled")} />
          </>
        ) : (
          <OutcomeView outcome="noPhone" />
        )
      }
    </InspectedLinkCard>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  if (typeof outcome === "object") return <LinkProblem code={outcome.link} />;
  if (outcome === "noPhone") {
    return (
      <>
        <h2>{t("otpRecovery.noPhoneTitle")}</h2>
        <p>{t("otpRecovery.noPhone")}</p>
        <p>
          <Link className="button" to="/support?type=otp_disable">
            {t("otpRecovery.support")}
          </Link>
        </p>
      </>
    );
  }
  return (
    <SuccessWithSignIn
      message={t(outcome === "disabled" ? "otpRecovery.disabled" : "otpRecovery.alreadyOff")}
      signIn={t("otpRecovery.signIn")}
    />
  );
}

/** The link cannot be used: say why, and how to get a new one (from the code step of sign-in). */
function LinkProblem({ code }: { code: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Alert>{linkProblemText(t, code, "otpRecovery", { minutes: OTP_RECOVERY_LINK_TTL_MINUTES })}</Alert>
      <LinkLine to="/sign-in">{t("otpRecovery.toSignIn")}</LinkLine>
    </>
  );
}

/** What the form asks for; the token is the link's. */
const RecoveryFields = OtpRecoveryDisableRequest.pick({ code: true, captcha: true });

interface RecoveryFormProps {
  token: string;
  /** Hands over an answer that ends the flow (link expired, OTP already off…); false if it is for the form. */
  ended: (error: unknown) => boolean;
  onDisabled: () => void;
}

/** Send SMS, then the SMS code and the CAPTCHA → Disable OTP (the steps of the help articles). */
function RecoveryForm({ token, ended, onDisabled }: RecoveryFormProps) {
  const { t } = useTranslation();
  const send = useSendRecoverySms();
  const disable = useDisableOtpByRecovery();
  const form = useForm({ schema: RecoveryFields, initial: { code: "", captcha: "" } });
  // The last SMS that went out; kept while a resend is refused (that code still works).
  const [sent, setSent] = useState<z.infer<typeof SendSmsResponse> | null>(null);
  const sending = useCodeSending(form);

  function sendSms() {
    sending.start();
    send.mutate(token, {
      onSuccess: (result) => {
        setSent(result);
        sending.sent(result);
      },
      onError: (error) => {
        if (!ended(error)) sending.refused(error);
      },
    });
  }

  const onSubmit = form.onSubmit(async ({ code, captcha }) => {
    try {
      await disable.mutateAsync({ token, code, captcha });
      onDisabled();
    } catch (error) {
      if (ended(error)) return;
      // A refused code (spent, or wrong with the tries left) is about the code; anything else goes where fromError puts it.
      if (!(error instanceof ApiError && error.code?.startsWith("CODE_"))) throw error;
      showSmsCodeError(form, error, t("otpRecovery.requestNew"));
    }
  });

  return (
    <>
      <SendCodeStep sending={sending} sent={sent} pending={send.isPending} onSend={sendSms} texts="otpRecovery" />
      {/* Only once a code went out: the token does not survive a reload, so no earlier code can be waiting. */}
      {sent && (
        <Form form={form} onSubmit={onSubmit}>
          <CodeField {...form.control("code")} label={t("fields.smsCode")} hint={t("otpRecovery.codeHint")} />
          <Captcha {...form.control("captcha")} />
          <SubmitButton pending={form.pending} className="button button-danger">
            {t("otpRecovery.submit")}
          </SubmitButton>
        </Form>
      )}
    </>
  );
}

/**
 * "Lost OTP device" (SPEC §6; seeds 001, 002, 004): the emailed link is
 * /otp-recovery#token=… — a fragment never reaches a server log or a Referer. The page
 * reads it once, removes it from the address bar and keeps it in memory (lib/link-token.ts),
 * then follows the help articles: Send SMS → the SMS code → CAPTCHA → Disable OTP.
 * A second link opened in the same tab is only a fragment change: a fresh page instance takes it.
 */
export const OtpRecoveryPage = linkPage(OtpRecovery);
