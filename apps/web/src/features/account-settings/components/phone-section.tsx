import type { AccountView } from "@portier/shared/account";
import { PhoneChangeRequest, PhoneChangeVerifyRequest } from "@portier/shared/account-settings";
import { formatPhone } from "@portier/shared/common";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Alert } from "../../../components/alert.tsx";
import { CodeField, SendCodeButton, showSmsCodeError } from "../../../components/code-entry.tsx";
import { CurrentPasswordField } from "../../../components/password-field.tsx";
import { PhoneField } from "../../../components/phone-field.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { noErrors, useProblem } from "../../../lib/problem.ts";
import { useWait } from "../../../lib/use-countdown.ts";
import { useForm } from "../../../lib/use-form.ts";
import { useRequestPhoneChange, useVerifyPhoneChange } from "../api/change-phone.ts";
import { SettingsSection } from "./settings-section.tsx";

type Pending = { request: z.output<typeof PhoneChangeRequest>; masked: string; minutes: number };

/**
 * The new number and the password → a code by SMS to the new number → the code. The
 * phone on file stays until the code is confirmed (SPEC §1).
 */
export function PhoneSection({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const request = useRequestPhoneChange();
  const verify = useVerifyPhoneChange();
  const [pending, setPending] = useState<Pending | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const resendWait = useWait();
  const form = useForm({ schema: PhoneChangeRequest, initial: { phone: "", password: "" } });
  const codeForm = useForm({ schema: PhoneChangeVerifyRequest, initial: { code: "" } });

  /** Asks for a code to the new number; throws the API's refusal. */
  async function send(body: z.output<typeof PhoneChangeRequest>) {
    try {
      const sent = await request.mutateAsync(body);
      setPending({ request: body, masked: sent.phone, minutes: Math.round(sent.expiresInSeconds / 60) });
      resendWait.waitFor(sent.resendAfter);
      codeForm.setValue("code", "");
      form.setValues({ phone: "", password: "" });
    } catch (error) {
      // Only an SMS budget's wait is about resending (a password throttle is not).
      if (error instanceof ApiError && error.code?.startsWith("SMS_")) resendWait.fromError(error);
      throw error;
    }
  }

  const submitRequest = form.onSubmit(send);
  const onRequest = (event: FormEvent) => {
    setDone(null);
    submitRequest(event);
  };

  /** "Send a new code" for the number already asked for: a refusal is said above the code field. */
  function resend(body: z.output<typeof PhoneChangeRequest>) {
    send(body).catch((error: unknown) => {
      const reported = problem.fromError(error, ["phone", "password"]);
      codeForm.setErrors({ fields: {}, form: reported.form ?? Object.values(reported.fields)[0] });
    });
  }

  const onVerify = codeForm.onSubmit(async ({ code }) => {
    try {
      const result = await verify.mutateAsync(code);
      setPending(null);
      resendWait.reset();
      setDone(t("basicSettings.phone.done", { phone: formatPhone(result.phone) }));
    } catch (error) {
      showSmsCodeError(codeForm, error, t("basicSettings.phone.requestNew"));
    }
  });

  function cancel() {
    setPending(null);
    codeForm.setErrors(noErrors);
  }

  return (
    <SettingsSection id="phone" title={t("basicSettings.phone.title")}>
      <p>{t("basicSettings.phone.current", { phone: formatPhone(account.phone) })}</p>
      {done && <Alert tone="success">{done}</Alert>}
      {pending ? (
        <form ref={codeForm.ref} onSubmit={onVerify} noValidate>
          <Alert tone="info">{t("basicSettings.phone.sent", { phone: pending.masked, minutes: pending.minutes })}</Alert>
          {codeForm.errors.form && <Alert>{codeForm.errors.form}</Alert>}
          <CodeField {...codeForm.control("code")} label={t("fields.smsCode")} hint={t("basicSettings.phone.codeHint")} />
          <div className="button-row">
            <SubmitButton pending={codeForm.pending}>{t("basicSettings.phone.confirm")}</SubmitButton>
            <button type="button" className="button button-secondary" onClick={cancel} disabled={codeForm.pending}>
              {t("basicSettings.phone.cancel")}
            </button>
          </div>
          <SendCodeButton
            sent
            pending={request.isPending}
            resendIn={resendWait.seconds}
            onClick={() => resend(pending.request)}
            labels={{
              send: t("basicSettings.phone.resend"),
              resend: t("basicSettings.phone.resend"),
              resendIn: (wait) => t("verifyPhone.resendIn", { wait }),
            }}
          />
        </form>
      ) : (
        <form ref={form.ref} onSubmit={onRequest} noValidate>
          <p className="muted">{t("basicSettings.phone.intro")}</p>
          {form.errors.form && <Alert>{form.errors.form}</Alert>}
          <PhoneField {...form.field("phone")} id="phone-new" label={t("basicSettings.phone.newPhone")} />
          <CurrentPasswordField {...form.field("password")} id="phone-password" label={t("basicSettings.currentPassword")} />
          <SubmitButton pending={form.pending}>{t("basicSettings.phone.submit")}</SubmitButton>
        </form>
      )}
    </SettingsSection>
  );
}
