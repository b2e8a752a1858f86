import {
  LOGIN_NOTIFICATION_POLICIES,
  type LoginNotificationPolicy,
  type LoginNotificationSettings,
} from "@portier/shared/login-notifications";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { Loaded } from "../../../components/loaded.tsx";
import { useProblem } from "../../../lib/problem.ts";
import { useLoginNotifications } from "../api/get-login-notifications.ts";
import { useSaveLoginNotifications } from "../api/save-login-notifications.ts";
import { SecuritySection } from "./security-section.tsx";

/**
 * Account Security → Account Settings (SPEC §4; seed 002): how often a sign-in is
 * emailed, and whether it must then be confirmed with the link in that email.
 */
export function AccountSettingsSection() {
  const { t } = useTranslation();
  const settings = useLoginNotifications();

  return (
    <SecuritySection id="settings" title={t("security.settings.title")} intro={t("security.settings.intro")}>
      <Loaded query={settings}>{(saved) => <SettingsForm saved={saved} />}</Loaded>
    </SecuritySection>
  );
}

function SettingsForm({ saved }: { saved: LoginNotificationSettings }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const save = useSaveLoginNotifications();
  const [policy, setPolicy] = useState<LoginNotificationPolicy>(saved.policy);
  const [confirmation, setConfirmation] = useState(saved.confirmation);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState(false);
  const noticeRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  // Seed 002: "If you disable the login message, you cannot activate the confirmation link."
  // A verified phone is needed to switch it on; once on it stays on until switched off (ADR 010).
  const needsNotifications = policy === "never";
  const needsPhone = !saved.phoneVerified && !saved.confirmation;
  const confirmationDisabled = needsNotifications || needsPhone;

  function choose(next: LoginNotificationPolicy) {
    setPolicy(next);
    if (next === "never") setConfirmation(false);
    setNotice(false);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice(false);
    save.mutate(
      { policy, confirmation: confirmation && !needsNotifications },
      {
        onSuccess: (result) => {
          setPolicy(result.policy);
          setConfirmation(result.confirmation);
          setNotice(true);
        },
        onError: (e) => setError(problem.message(e)),
      },
    );
  }

  const confirmationHint = needsNotifications
    ? t("security.settings.confirmationNeedsNotifications")
    : needsPhone
      ? null
      : t("security.settings.confirmationHint");

  return (
    <form onSubmit={onSubmit} noValidate>
      {error && <Alert>{error}</Alert>}
      <div role="status">
        {notice && (
          <p ref={noticeRef} tabIndex={-1} className="alert alert-success">
            {t("security.settings.saved")}
          </p>
        )}
      </div>
      <fieldset className="radio-group">
        <legend>{t("security.settings.policyLegend")}</legend>
        {LOGIN_NOTIFICATION_POLICIES.map((value) => (
          <div key={value} className="field-checkbox">
            <input
              type="radio"
              id={`login-notification-${value}`}
              name="policy"
              value={value}
              checked={policy === value}
              onChange={() => choose(value)}
            />
            <label htmlFor={`login-notification-${value}`}>{t(`security.settings.policy.${value}`)}</label>
          </div>
        ))}
      </fieldset>
      <div className="field-checkbox confirmation-option">
        <input
          type="checkbox"
          id="login-confirmation"
          name="confirmation"
          checked={confirmation && !needsNotifications}
          disabled={confirmationDisabled}
          aria-describedby="login-confirmation-hint"
          onChange={(e) => {
            setConfirmation(e.target.checked);
            setNotice(false);
          }}
        />
        <label htmlFor="login-confirmation">{t("security.settings.confirmation")}</label>
        <p id="login-confirmation-hint" className="hint">
          {confirmationHint ?? (
            <Trans i18nKey="security.settings.confirmationNeedsPhone" components={{ verify: <Link to="/account/verify-phone" /> }} />
          )}
          {!saved.phoneVerified && saved.confirmation && <> {t("security.settings.phoneNoLongerVerified")}</>}
        </p>
      </div>
      <button type="submit" className="button" disabled={save.isPending}>
        {save.isPending ? t("security.settings.saving") : t("security.settings.save")}
      </button>
    </form>
  );
}
