import type { StaffMe, SupportRequestDetail } from "@portier/shared/staff";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { disableOtp, rejectRequest, sendEmailHint, startEmailChange, useRequestAction } from "../api/request-actions.ts";
import type { IdentityProof } from "./identity-proof.ts";
import { ProofChoice } from "./proof-choice.tsx";
import { ReasonField } from "./reason-field.tsx";
import { useReasonForm } from "./use-reason-form.ts";

/**
 * What staff can do with the request: the one resolution the customer asked for, or a
 * rejection. Every action states why; the reason goes to the audit log (and, for a
 * rejection, to the customer).
 */
export function ResolutionSection({ request, me }: { request: SupportRequestDetail; me: StaffMe }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="resolution-title">
      <h2 id="resolution-title">{t("staff.resolution.title")}</h2>
      {request.status === "awaiting_email_verification" ? (
        <Alert tone="info">{t("staff.resolution.awaiting", { email: request.newEmail ?? "" })}</Alert>
      ) : (
        <ResolveForm request={request} me={me} />
      )}
      <RejectForm request={request} />
    </section>
  );
}

function ResolveForm({ request, me }: { request: SupportRequestDetail; me: StaffMe }) {
  const { t } = useTranslation();
  const phoneConfirmed = request.phoneVerifiedAt !== null;
  const [proof, setProof] = useState<IdentityProof>(phoneConfirmed ? "sms_code" : me.role === "admin" ? "other_means" : "sms_code");
  const resolve = useRequestAction(request.id, "resolve", (why: string) => {
    if (request.type === "otp_disable") return disableOtp(request.id, { reason: why, identityVerifiedBy: proof });
    if (request.type === "email_hint") return sendEmailHint(request.id, { reason: why });
    return startEmailChange(request.id, { reason: why });
  });
  const { form, onSubmit } = useReasonForm(resolve.mutateAsync);

  const account = request.account;
  if (!account) return <p className="muted">{t("staff.resolution.linkFirst")}</p>;
  const needsPhone = request.type === "email_change" || (request.type === "otp_disable" && proof === "sms_code");
  const blocked = needsPhone && !phoneConfirmed;

  const action =
    request.type === "otp_disable"
      ? t("staff.resolution.disableOtp")
      : request.type === "email_hint"
        ? t("staff.resolution.sendHint")
        : t("staff.resolution.changeEmail", { email: request.newEmail ?? "" });

  return (
    <form onSubmit={onSubmit} noValidate className="panel">
      <h3>{action}</h3>
      <p className="muted">{t(`staff.resolution.explain.${request.type}`)}</p>
      {request.type === "otp_disable" && (
        <ProofChoice me={me} texts="staff.resolution" name="identityVerifiedBy" idPrefix="proof" value={proof} onChange={setProof} />
      )}
      {blocked && <Alert tone="info">{t("staff.resolution.needsPhone")}</Alert>}
      <ReasonField form={form} label={t("staff.resolution.reason")} hint={t("staff.resolution.reasonHint")} />
      <SubmitButton pending={form.pending} disabled={blocked}>
        {action}
      </SubmitButton>
    </form>
  );
}

function RejectForm({ request }: { request: SupportRequestDetail }) {
  const { t } = useTranslation();
  const reject = useRequestAction(request.id, "reject", (why: string) => rejectRequest(request.id, { reason: why }));
  const { form, onSubmit } = useReasonForm(reject.mutateAsync);

  return (
    <form onSubmit={onSubmit} noValidate className="panel">
      <h3>{t("staff.resolution.rejectTitle")}</h3>
      <ReasonField form={form} name="rejectReason" label={t("staff.resolution.rejectReason")} hint={t("staff.resolution.rejectHint")} />
      <SubmitButton pending={form.pending} className="button button-danger">
        {t("staff.resolution.reject")}
      </SubmitButton>
    </form>
  );
}
