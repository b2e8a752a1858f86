import type { AccountView } from "@portier/shared/account";
import { useTranslation } from "react-i18next";
import { Link, useOutletContext } from "react-router";

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
      <dl className="details">
        <div>
          <dt>{t("fields.email")}</dt>
          <dd>
            <span data-testid="account-email">{account.email}</span> <VerificationBadge verified={account.emailVerified} />
          </dd>
        </div>
        <div>
          <dt>{t("fields.phone")}</dt>
          <dd>
            <span data-testid="account-phone">{account.phone}</span> <VerificationBadge verified={account.phoneVerified} />
          </dd>
        </div>
        <div>
          <dt>{t("account.overview.language")}</dt>
          <dd>{t(`language.${account.locale}`)}</dd>
        </div>
        <div>
          <dt>{t("account.overview.createdAt")}</dt>
          <dd>{created}</dd>
        </div>
      </dl>
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
