import { useTranslation } from "react-i18next";
import { AccountSettingsSection } from "./account-settings-section.tsx";
import { LogOutAllSection } from "./log-out-all-section.tsx";
import { OtpSection } from "./otp-section.tsx";
import { PasskeysSection } from "./passkeys-section.tsx";
import { RecoveryCodesSection } from "./recovery-codes-section.tsx";

/**
 * Account → Account Security (seeds). Its sections, in the help articles' order:
 *   1. Two-factor authentication (OTP) — SPEC §5; passkeys and recovery codes (issue 17);
 *   2. Account Settings: login notifications and confirmation — SPEC §4;
 *   3. Sessions: log out all sessions — SPEC §2.
 * A section appears when its flow exists (no disabled stand-ins).
 */
export function SecurityPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t("security.title")}</h1>
      <OtpSection />
      <PasskeysSection />
      <RecoveryCodesSection />
      <AccountSettingsSection />
      <LogOutAllSection />
    </section>
  );
}
