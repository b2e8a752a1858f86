import { type ReactNode, useEffect, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorWithRetry } from "../../../components/error-with-retry.tsx";
import { RecoveryCodesView } from "../../../components/recovery-codes-view.tsx";
import { useOtpStatus } from "../api/get-otp-status.ts";
import { OtpEnabled } from "./otp-enabled.tsx";
import { OtpSetup } from "./otp-setup.tsx";
import { SecuritySection } from "./security-section.tsx";

/** Keys under `security.otp` of the last change, announced and focused (its button has just left the page). */
type Notice = "activated" | "deactivated";

/**
 * Account Security → Two-Factor Authentication (OTP), SPEC §5. It can be set up only
 * with a verified email and phone (they are how a lost device is recovered, §6).
 */
export function OtpSection() {
  const { t } = useTranslation();
  const status = useOtpStatus();
  const [notice, setNotice] = useState<Notice | null>(null);
  // The first recovery codes, when turning OTP on turned two-factor sign-in on: shown this once.
  const [codes, setCodes] = useState<string[] | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  let body: ReactNode;
  if (status.data) {
    const { enabled, emailVerified, phoneVerified } = status.data;
    if (enabled) body = <OtpEnabled status={status.data} onDeactivated={() => setNotice("deactivated")} />;
    else if (emailVerified && phoneVerified) {
      body = (
        <OtpSetup
          onActivated={(recoveryCodes) => {
            setNotice("activated");
            if (recoveryCodes) setCodes(recoveryCodes);
          }}
        />
      );
    } else {
      body = (
        <>
          <p>{t("security.otp.off")}</p>
          <div className="callout">
            <p>{t("security.otp.prerequisites")}</p>
            <ul>
              {!emailVerified && (
                <li>
                  <Trans i18nKey="security.otp.emailMissing" components={{ overview: <Link to="/account" /> }} />
                </li>
              )}
              {!phoneVerified && (
                <li>
                  <Trans i18nKey="security.otp.phoneMissing" components={{ verify: <Link to="/account/verify-phone" /> }} />
                </li>
              )}
            </ul>
          </div>
        </>
      );
    }
  } else if (status.isError) {
    body = <ErrorWithRetry error={status.error} onRetry={() => void status.refetch()} />;
  } else body = <p role="status">{t("common.loading")}</p>;

  return (
    <SecuritySection id="otp" title={t("security.otp.title")} intro={t("security.otp.intro")}>
      {/* Always in the page, so that screen readers announce what is put into it. */}
      <div role="status">
        {notice && (
          <p ref={noticeRef} tabIndex={-1} className="alert alert-success">
            {t(`security.otp.${notice}`)}
          </p>
        )}
      </div>
      {codes && <RecoveryCodesView codes={codes} onDone={() => setCodes(null)} />}
      {body}
    </SecuritySection>
  );
}
