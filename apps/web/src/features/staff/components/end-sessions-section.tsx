import type { StaffMe, SupportRequestDetail } from "@portier/shared/staff";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { endSessions, useRequestAction } from "../api/request-actions.ts";
import type { IdentityProof } from "./identity-proof.ts";
import { ProofChoice } from "./proof-choice.tsx";
import { ReasonField } from "./reason-field.tsx";
import { useReasonForm } from "./use-reason-form.ts";

/**
 * "End all sessions" of the linked account (ASVS 7.4.5, ADR 019): every browser and app
 * signed in to it is logged out and the customer is emailed. The request stays open.
 * Identity as for disabling OTP: the SMS code read back, or an admin on other evidence.
 */
export function EndSessionsSection({ request, me }: { request: SupportRequestDetail; me: StaffMe }) {
  const { t } = useTranslation();
  const phoneConfirmed = request.phoneVerifiedAt !== null;
  const [proof, setProof] = useState<IdentityProof>(phoneConfirmed || me.role !== "admin" ? "sms_code" : "other_means");
  const [ended, setEnded] = useState<number | null>(null);
  const end = useRequestAction(request.id, "end-sessions", (why: string) =>
    endSessions(request.id, { reason: why, identityVerifiedBy: proof }),
  );
  const { form, onSubmit } = useReasonForm(async (why) => {
    setEnded(null);
    const detail = await end.mutateAsync(why);
    const entry = detail.audit.filter((e) => e.action === "sessions_ended").at(-1);
    setEnded(typeof entry?.details?.ended === "number" ? entry.details.ended : 0);
    form.setValue("reason", "");
  });
  const account = request.account;
  if (!account) return null;
  const blocked = proof === "sms_code" && !phoneConfirmed;

  return (
    <section aria-labelledby="end-sessions-title">
      <form onSubmit={onSubmit} noValidate className="panel">
        <h2 id="end-sessions-title">{t("staff.endSessions.title")}</h2>
        <p className="muted">{t("staff.endSessions.explain", { email: account.email })}</p>
        <ProofChoice
          me={me}
          texts="staff.endSessions"
          name="endSessionsIdentityVerifiedBy"
          idPrefix="end-sessions-proof"
          value={proof}
          onChange={setProof}
        />
        {blocked && <Alert tone="info">{t("staff.endSessions.needsPhone")}</Alert>}
        {ended !== null && <Alert tone="success">{t("staff.endSessions.done", { count: ended })}</Alert>}
        <ReasonField form={form} name="endSessionsReason" label={t("staff.endSessions.reason")} hint={t("staff.resolution.reasonHint")} />
        <SubmitButton pending={form.pending} disabled={blocked} className="button button-danger">
          {t("staff.endSessions.submit")}
        </SubmitButton>
      </form>
    </section>
  );
}
