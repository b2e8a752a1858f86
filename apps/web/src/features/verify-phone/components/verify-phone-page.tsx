import type { AccountView } from "@portier/shared/account";
import { formatPhone } from "@portier/shared/common";
import { SMS_CODE_TTL_MINUTES, VerifyPhoneRequest } from "@portier/shared/signup";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useOutletContext } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { CodeField, SendCodeStep, showSmsCodeError, useCodeSending } from "../../../components/code-entry.tsx";
import { Form } from "../../../components/form.tsx";
import { LinkLine } from "../../../components/link-line.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { queryKeys } from "../../../lib/query-keys.ts";
import { useForm } from "../../../lib/use-form.ts";
import { useSendPhoneCode } from "../api/send-code.ts";
import { useVerifyPhoneCode } from "../api/verify-code.ts";

export function VerifyPhonePage() {
  const { t } = useTranslation();
  const account = useOutletContext<AccountView>();
  const queryClient = useQueryClient();
  const send = useSendPhoneCode();
  const verify = useVerifyPhoneCode();
  const form = useForm({ schema: VerifyPhoneRequest, initial: { code: "" } });
  const sending = useCodeSending(form);

  function sendCode() {
    sending.start();
    send.mutate(undefined, {
      onSuccess: sending.sent,
      onError: (error) => {
        if (error instanceof ApiError && error.code === "PHONE_ALREADY_VERIFIED") {
          void queryClient.invalidateQueries({ queryKey: queryKeys.account });
        }
        sending.refused(error);
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
        <Alert tone="success">{t("verifyPhone.verified", { phone: formatPhone(account.phone) })}</Alert>
        <LinkLine to="/account">{t("verifyPhone.backToOverview")}</LinkLine>
      </section>
    );
  }

  const sent = send.data;
  return (
    <section>
      <h1>{t("verifyPhone.title")}</h1>
      <p>{t("verifyPhone.intro", { phone: formatPhone(account.phone), minutes: SMS_CODE_TTL_MINUTES })}</p>
      {/* SPEC §1: the phone change is reachable from here when the number on file is wrong (seeds: "Change Phone Number link"). */}
      <p>
        {t("verifyPhone.wrongNumber")} <Link to="/account/settings#phone">{t("verifyPhone.changeNumber")}</Link>
      </p>
      <SendCodeStep sending={sending} sent={sent} pending={send.isPending} onSend={sendCode} texts="verifyPhone" />
      {/* Also after "too soon": a code sent a moment ago (e.g. before a reload) is still valid. */}
      {(sent || sending.wait.started) && (
        <Form form={form} onSubmit={onSubmit}>
          <CodeField {...form.control("code")} label={t("fields.smsCode")} hint={t("verifyPhone.codeHint")} />
          <SubmitButton pending={form.pending}>{t("verifyPhone.submit")}</SubmitButton>
        </Form>
      )}
    </section>
  );
}
