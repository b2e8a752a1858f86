import type { AccountView } from "@portier/shared/account";
import { formatPhone } from "@portier/shared/common";
import { useTranslation } from "react-i18next";
import { Link, useOutletContext } from "react-router";
import { Details } from "../../../components/details.tsx";

function VerificationBadge({ verified }: { verified: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={verified ? "badge badge-ok" : "badge badge-warn"}>{verified ? t("account.verified") : t("account.notVerified")}</span>
  );
}

/** The account overview: contact details and whether each is verified (SPEC §1). */
export function OverviewPage() {
  const { t, i18n } = useTranslation();
  const account = useOutletContext<AccountView>();
  const created = new Intl.DateTimeFormat(i18n.language, { dateStyle: "long" }).format(new Date(account.createdAt));
  return (
    <section>
      <h1>{t("account.overview.title")}</h1>
      <Details
        items={[
          [
            t("fields.email"),
            <>
              <span data-testid="account-email">{account.email}</span> <VerificationBadge verified={account.emailVerified} />
            </>,
          ],
          [
            t("fields.phone"),
            <>
              <span data-testid="account-phone">{formatPhone(account.phone)}</span> <VerificationBadge verified={account.phoneVerified} />
            </>,
          ],
          [t("account.overview.language"), t(`language.${account.locale}`)],
          [t("account.overview.createdAt"), created],
        ]}
      />
      {!account.phoneVerified && (
        <div className="callout">
          <h2>{t("account.overview.verifyPhoneTitle")}</h2>
          <p>{t("account.overview.verifyPhoneText")}</p>
          <Link className="button" to="/account/verify-phone">
            {t("account.overview.verifyPhone")}
          </Link>
        </div>
      )}
    </section>
  );
}
