import type { AccountView } from "@portier/shared/account";
import { PhoneChangeRequest } from "@portier/shared/account-settings";
import { SmsCode } from "@portier/shared/common";
import { ErrorCode } from "@portier/shared/errors";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Alert } from "../../../components/alert.tsx";
import { CodeField, SendCodeButton } from "../../../components/code-entry.tsx";
import { TextField } from "../../../components/field.tsx";
import { PasswordField } from "../../../components/password-field.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useFocusFirstError } from "../../../lib/focus-first-error.ts";
import { type FormErrors, noErrors, useProblem } from "../../../lib/problem.ts";
import { useCountdown } from "../../../lib/use-countdown.ts";
import { useRequestPhoneChange, useVerifyPhoneChange } from "../api/change-phone.ts";

const FIELDS = ["phone", "password"] as const;

/** Codes after which the current SMS code is spent: the user needs a new one. */
const CODE_SPENT: ReadonlySet<string> = new Set([ErrorCode.CODE_EXPIRED, ErrorCode.CODE_ATTEMPTS_EXCEEDED, ErrorCode.CODE_NOT_REQUESTED]);

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
  const form = useRef<HTMLFormElement>(null);
  const codeForm = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ phone: "", password: "" });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [codeErrors, setCodeErrors] = useState<FormErrors>(noErrors);
  const [pending, setPending] = useState<Pending | null>(null);
  const [code, setCode] = useState("");
  const [resendAt, setResendAt] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const resendIn = useCountdown(resendAt);
  useFocusFirstError(form, errors);
  useFocusFirstError(codeForm, codeErrors);

  function send(body: z.output<typeof PhoneChangeRequest>, report: (errors: FormErrors) => void) {
    request.mutate(body, {
      onSuccess: (sent) => {
        setPending({ request: body, masked: sent.phone, minutes: Math.round(sent.expiresInSeconds / 60) });
        setResendAt(Date.now() + sent.resendAfter * 1000);
        setCode("");
        setValues({ phone: "", password: "" });
      },
      onError: (error) => {
        const retryAfter = error instanceof ApiError ? error.problem?.retryAfter : undefined;
        if (retryAfter !== undefined && error instanceof ApiError && error.code?.startsWith("SMS_")) {
          setResendAt(Date.now() + retryAfter * 1000);
        }
        report(problem.fromError(error, FIELDS));
      },
    });
  }

  function onRequest(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const parsed = PhoneChangeRequest.safeParse(values);
    if (!parsed.success) return setErrors(problem.fromZod(parsed.error));
    setErrors(noErrors);
    send(parsed.data, setErrors);
  }

  function onVerify(event: FormEvent) {
    event.preventDefault();
    const parsed = SmsCode.safeParse(code);
    if (!parsed.success) return setCodeErrors({ fields: { code: t("validation.code") } });
    setCodeErrors(noErrors);
    verify.mutate(parsed.data, {
      onSuccess: (result) => {
        setPending(null);
        setResendAt(null);
        setDone(t("basicSettings.phone.done", { phone: result.phone }));
      },
      onError: (error) => {
        const name = error instanceof ApiError ? error.code : undefined;
        if (name && CODE_SPENT.has(name)) {
          setCode("");
          setCodeErrors({ fields: {}, form: `${problem.message(error)} ${t("basicSettings.phone.requestNew")}` });
        } else setCodeErrors({ fields: { code: problem.message(error) } });
      },
    });
  }

  function cancel() {
    setPending(null);
    setCodeErrors(noErrors);
  }

  return (
    <section aria-labelledby="settings-phone">
      <h2 id="settings-phone" tabIndex={-1}>
        {t("basicSettings.phone.title")}
      </h2>
      <p>{t("basicSettings.phone.current", { phone: account.phone })}</p>
      {done && <Alert tone="success">{done}</Alert>}
      {pending ? (
        <form ref={codeForm} onSubmit={onVerify} noValidate>
          <Alert tone="info">{t("basicSettings.phone.sent", { phone: pending.masked, minutes: pending.minutes })}</Alert>
          {codeErrors.form && <Alert>{codeErrors.form}</Alert>}
          <CodeField
            label={t("fields.smsCode")}
            hint={t("basicSettings.phone.codeHint")}
            value={code}
            onChange={setCode}
            error={codeErrors.fields.code}
          />
          <div className="button-row">
            <button type="submit" className="button" disabled={verify.isPending}>
              {verify.isPending ? t("common.sending") : t("basicSettings.phone.confirm")}
            </button>
            <button type="button" className="button button-secondary" onClick={cancel} disabled={verify.isPending}>
              {t("basicSettings.phone.cancel")}
            </button>
          </div>
          <SendCodeButton
            sent
            pending={request.isPending}
            resendIn={resendIn}
            onClick={() =>
              send(pending.request, (reported) => setCodeErrors({ fields: {}, form: reported.form ?? Object.values(reported.fields)[0] }))
            }
            labels={{
              send: t("basicSettings.phone.resend"),
              resend: t("basicSettings.phone.resend"),
              resendIn: (wait) => t("verifyPhone.resendIn", { wait }),
            }}
          />
        </form>
      ) : (
        <form ref={form} onSubmit={onRequest} noValidate>
          <p className="muted">{t("basicSettings.phone.intro")}</p>
          {errors.form && <Alert>{errors.form}</Alert>}
          <TextField
            id="phone-new"
            name="phone"
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            label={t("basicSettings.phone.newPhone")}
            hint={t("signup.phoneHint")}
            placeholder="+420 601 123 456"
            value={values.phone}
            onChange={(e) => setValues((v) => ({ ...v, phone: e.target.value }))}
            error={errors.fields.phone}
            required
          />
          <PasswordField
            id="phone-password"
            name="password"
            autoComplete="current-password"
            label={t("basicSettings.currentPassword")}
            value={values.password}
            onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))}
            error={errors.fields.password}
            required
          />
          <button type="submit" className="button" disabled={request.isPending}>
            {request.isPending ? t("common.sending") : t("basicSettings.phone.submit")}
          </button>
        </form>
      )}
    </section>
  );
}
