import type { AccountView } from "@portier/shared/account";
import { SmsCode } from "@portier/shared/common";
import { SMS_CODE_TTL_MINUTES } from "@portier/shared/signup";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useOutletContext } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { CodeField, SendCodeButton } from "../../../components/code-entry.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useFocusFirstError } from "../../../lib/focus-first-error.ts";
import { type FormErrors, noErrors, useProblem } from "../../../lib/problem.ts";
import { queryKeys } from "../../../lib/query-keys.ts";
import { useCountdown } from "../../../lib/use-countdown.ts";
import { useSendPhoneCode } from "../api/send-code.ts";
import { useVerifyPhoneCode } from "../api/verify-code.ts";

/** Codes after which the current SMS code is spent: the user needs a new one. */
const CODE_SPENT = new Set(["CODE_EXPIRED", "CODE_ATTEMPTS_EXCEEDED", "CODE_NOT_REQUESTED"]);

export function VerifyPhonePage() {
  const { t } = useTranslation();
  const account = useOutletContext<AccountView>();
  const queryClient = useQueryClient();
  const problem = useProblem();
  const send = useSendPhoneCode();
  const verify = useVerifyPhoneCode();
  const form = useRef<HTMLFormElement>(null);
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [sendError, setSendError] = useState<string | null>(null);
  const [resendAt, setResendAt] = useState<number | null>(null);
  const resendIn = useCountdown(resendAt);
  useFocusFirstError(form, errors);

  function sendCode() {
    setSendError(null);
    setErrors(noErrors);
    send.mutate(undefined, {
      onSuccess: (result) => {
        setResendAt(Date.now() + result.resendAfter * 1000);
        setCode("");
      },
      onError: (error) => {
        const apiError = error instanceof ApiError ? error : null;
        if (apiError?.problem?.retryAfter !== undefined) setResendAt(Date.now() + apiError.problem.retryAfter * 1000);
        if (apiError?.code === "PHONE_ALREADY_VERIFIED") void queryClient.invalidateQueries({ queryKey: queryKeys.account });
        setSendError(problem.message(error));
      },
    });
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = SmsCode.safeParse(code);
    if (!parsed.success) return setErrors({ fields: { code: t("validation.code") } });
    setErrors(noErrors);
    verify.mutate(parsed.data, {
      onError: (error) => {
        const codeName = error instanceof ApiError ? error.code : undefined;
        if (codeName && CODE_SPENT.has(codeName)) {
          setCode("");
          setErrors({ fields: {}, form: `${problem.message(error)} ${t("verifyPhone.requestNew")}` });
        } else setErrors({ fields: { code: problem.message(error) } });
      },
    });
  }

  if (account.phoneVerified) {
    return (
      <section>
        <h1>{t("verifyPhone.title")}</h1>
        <Alert tone="success">{t("verifyPhone.verified", { phone: account.phone })}</Alert>
        <p>
          <Link to="/account">{t("verifyPhone.backToOverview")}</Link>
        </p>
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
        <form ref={form} onSubmit={onSubmit} noValidate>
          {errors.form && <Alert>{errors.form}</Alert>}
          <CodeField
            label={t("fields.smsCode")}
            hint={t("verifyPhone.codeHint")}
            value={code}
            onChange={setCode}
            error={errors.fields.code}
          />
          <button type="submit" className="button" disabled={verify.isPending}>
            {verify.isPending ? t("common.sending") : t("verifyPhone.submit")}
          </button>
        </form>
      )}
    </section>
  );
}
