import { RecoveryCodesCreateRequest } from "@portier/shared/recovery-codes";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { ErrorWithRetry } from "../../../components/error-with-retry.tsx";
import { CurrentPasswordField } from "../../../components/password-field.tsx";
import { RecoveryCodesView } from "../../../components/recovery-codes-view.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { useForm } from "../../../lib/use-form.ts";
import { useCreateRecoveryCodes, useRecoveryCodes } from "../api/recovery-codes.ts";
import { SecuritySection } from "./security-section.tsx";

/**
 * Account Security → Recovery codes (issue 17): how many are left, and ten new ones after
 * the password (the old ones stop working). Offered while two-factor sign-in is on.
 */
export function RecoveryCodesSection() {
  const { t, i18n } = useTranslation();
  const status = useRecoveryCodes();
  const create = useCreateRecoveryCodes();
  const [asking, setAsking] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const form = useForm({ schema: RecoveryCodesCreateRequest, initial: { password: "" } });

  const onSubmit = form.onSubmit(async (request) => {
    const set = await create.mutateAsync(request);
    form.setValue("password", "");
    setAsking(false);
    setCodes(set.codes);
  });

  let body: React.ReactNode;
  if (status.isError) body = <ErrorWithRetry error={status.error} onRetry={() => void status.refetch()} />;
  else if (!status.data) body = <p role="status">{t("common.loading")}</p>;
  else if (codes) body = <RecoveryCodesView codes={codes} onDone={() => setCodes(null)} />;
  else if (!status.data.available) body = <p>{t("recoveryCodes.unavailable")}</p>;
  else {
    const { remaining, createdAt } = status.data;
    body = (
      <>
        <p>
          {createdAt
            ? t("recoveryCodes.remaining", {
                count: remaining,
                date: new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" }).format(new Date(createdAt)),
              })
            : t("recoveryCodes.none")}
        </p>
        {remaining <= 3 && createdAt && <Alert>{t("recoveryCodes.low")}</Alert>}
        {asking ? (
          <form ref={form.ref} onSubmit={onSubmit} noValidate>
            {form.errors.form && <Alert>{form.errors.form}</Alert>}
            <p>{t("recoveryCodes.replaceWarning")}</p>
            <CurrentPasswordField {...form.field("password")} />
            <div className="button-row">
              <SubmitButton pending={form.pending} pendingLabel={t("recoveryCodes.creating")}>
                {t("recoveryCodes.create")}
              </SubmitButton>
              <button type="button" className="button button-secondary" onClick={() => setAsking(false)}>
                {t("recoveryCodes.cancel")}
              </button>
            </div>
          </form>
        ) : (
          <button type="button" className="button button-secondary" onClick={() => setAsking(true)}>
            {createdAt ? t("recoveryCodes.createNew") : t("recoveryCodes.create")}
          </button>
        )}
      </>
    );
  }

  return (
    <SecuritySection id="recovery-codes" title={t("recoveryCodes.title")} intro={t("recoveryCodes.intro")}>
      {body}
    </SecuritySection>
  );
}
