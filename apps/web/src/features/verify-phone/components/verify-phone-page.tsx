import type { AccountView } from "@portier/shared/account";
import { SMS_CODE_TTL_MINUTES, VerifyPhoneRequest } from "@portier/shared/signup";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useOutletContext } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { CodeField, SendCodeButton, showSmsCodeError } from "../../../components/code-entry.tsx";
import { Form } from "../../../components/form.tsx";
import { LinkLine } from "../../../components/link-line.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { noErrors, useProblem } from "../../../lib/problem.ts";
import { queryKeys } from "../../../lib/query-keys.ts";
import { useCountdown } from "../../../lib/use-countdown.ts";
import { useForm } from "../../../lib/use-form.ts";
import { useSendPhoneCode } from "../api/send-code.ts";
import { useVerifyPhoneCode } from "../api/verify-code.ts";

export function VerifyPhonePage() {
  const { t } = useTranslation();
  const account = useOutletContext<AccountView>();
  const queryClient = useQueryClient();
  const problem = useProblem();
  const send = useSendPhoneCode();
  const verify = useVerifyPhoneCode();
  const form = useForm({ schema: VerifyPhoneRequest, initial: { code: "" } });
  const [sendError, setSendError] = useState<string | null>(null);
  const [resendAt, setResendAt] = useState<number | null>(null);
  const resendIn = useCountdown(resendAt);

  function sendCode() {
    setSendError(null);
    form.setErrors(noErrors);
    send.mutate(undefined, {
      onSuccess: (result) => {
        setResendAt(Date.now() + result.resendAfter * 1000);
        form.setValue("code", "");
      },
      onError: (error) => {
        const apiError = error instanceof ApiError ? error : null;
        if (apiError?.problem?.retryAfter !== undefined) setResendAt(Date.now() + apiError.problem.retryAfter * 1000);
        if (apiError?.code === "PHONE_ALREADY_VERIFIED") void queryClient.invalidateQueries({ queryKey: queryKeys.account });
        setSendError(problem.message(error));
      },
    });
  }

  const onSubmit = form.onSubmit(async ({ code }) => {
    try {
      await verify.mutateAsync(code);
    } catch (error) {
      showSmsCodeError(form, error, t("verifyPhone.requestNew"));
    }
  });

  if (account.phoneVerified) {
    return (
      <section>
        <h1>{t("verifyPhone.title")}</h1>
        <Alert tone="success">{t("verifyPhone.verified", { phone: account.phone })}</Alert>
        <LinkLine to="/account">{t("verifyPhone.backToOverview")}</LinkLine>
      </section>
    );
  }

  const sent = send.data;
  return (
    <section>
      <h1>{t("verifyPhone.title")}</h1>
      <p>{t("verifyPhone.intro", { phone: account.phone, minutes: SMS_CODE_TTL_MINUTES })}</p>
      {/* SPEC §1: the phone change is reachable from here when the number on file is wrong (seeds: "Change Phone Number link"). */}
      <p>
        {t("verifyPhone.wrongNumber")} <Link to="/account/settings#phone">{t("verifyPhone.changeNumber")}</Link>
      </p>
      {sendError && <Alert>{sendError}</Alert>}
      {sent && <Alert tone="info">{t("verifyPhone.sent", { phone: sent.phone, minutes: Math.round(sent.expiresInSeconds / 60) })}</Alert>}
      <SendCodeButton
        sent={sent !== undefined}
        pending={send.isPending}
        resendIn={resendIn}
        onClick={sendCode}
        labels={{ send: t("verifyPhone.send"), resend: t("verifyPhone.resend"), resendIn: (wait) => t("verifyPhone.resendIn", { wait }) }}
      />
      {/* Also after "too soon": a code sent a moment ago (e.g. before a reload) is still valid. */}
      {(sent || resendAt !== null) && (
        <Form form={form} onSubmit={onSubmit}>
          <CodeField {...form.control("code")} label={t("fields.smsCode")} hint={t("verifyPhone.codeHint")} />
          <SubmitButton pending={form.pending}>{t("verifyPhone.submit")}</SubmitButton>
        </Form>
      )}
    </section>
  );
}
