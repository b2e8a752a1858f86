import { formatPhone } from "@portier/shared/common";
import { ConfirmPhoneRequest, type SupportRequestDetail } from "@portier/shared/staff";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { TextField } from "../../../components/field.tsx";
import { useProblem } from "../../../lib/problem.ts";
import { useForm } from "../../../lib/use-form.ts";
import { useFormat } from "../../../lib/use-format.ts";
import { confirmPhone, sendSmsCode, useRequestAction } from "../api/request-actions.ts";

/**
 * Verifying the customer (SPEC §9): an SMS code goes to the phone on file of the linked
 * account (never to a number the requester typed), the customer reads it back, staff
 * type it here. Wrong codes are counted like any SMS code and audited.
 */
export function IdentitySection({ request }: { request: SupportRequestDetail }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const format = useFormat();
  const send = useRequestAction(request.id, "sms", () => sendSmsCode(request.id));
  const confirm = useRequestAction(request.id, "confirm", (code: string) => confirmPhone(request.id, code));
  const form = useForm({ schema: ConfirmPhoneRequest, initial: { code: "" } });
  const code = form.control("code");
  const account = request.account;
  if (!account) return null;

  // Staff read the customer's answer back: every refusal (a wrong code, with the tries left) stands beside the field.
  const onConfirm = form.onSubmit(async (request) => {
    try {
      await confirm.mutateAsync(request.code);
      form.setValue("code", "");
    } catch (error) {
      form.fail(error, "code");
    }
  });

  return (
    <section aria-labelledby="identity-title">
      <h2 id="identity-title">{t("staff.identity.title")}</h2>
      {request.phoneVerifiedAt ? (
        <Alert tone="success">{t("staff.identity.confirmed", { time: format.dateTime(request.phoneVerifiedAt) })}</Alert>
      ) : (
        <>
          <p>{t("staff.identity.intro", { phone: formatPhone(account.phone) })}</p>
          {!account.phoneVerified && <Alert tone="info">{t("staff.identity.unverifiedPhone")}</Alert>}
          {send.isError && <Alert>{problem.message(send.error)}</Alert>}
          {request.smsSentAt && <p role="status">{t("staff.identity.sentAt", { time: format.dateTime(request.smsSentAt) })}</p>}
          <p>
            <button type="button" className="button button-secondary" disabled={send.isPending} onClick={() => send.mutate(undefined)}>
              {send.isPending ? t("common.sending") : t(request.smsSentAt ? "staff.identity.resend" : "staff.identity.send")}
            </button>
          </p>
          {request.smsSentAt && (
            <form className="inline-form" onSubmit={onConfirm} noValidate>
              <TextField
                name="customerCode"
                label={t("staff.identity.code")}
                hint={t("staff.identity.codeHint")}
                inputMode="numeric"
                autoComplete="off"
                maxLength={6}
                className="code-input"
                value={code.value}
                onChange={(e) => code.onChange(e.target.value.replace(/\D/g, ""))}
                error={code.error}
              />
              <button type="submit" className="button" disabled={form.pending}>
                {t("staff.identity.confirm")}
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}
