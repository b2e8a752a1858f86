import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePublicConfig } from "../../lib/public-config.ts";

/** The site's footer; the staff console names itself, not the customer account. */
export function Footer({ staff = false }: { staff?: boolean }) {
  const { t } = useTranslation();
  const config = usePublicConfig();
  return (
    <footer className="site-footer">
      <span>{staff ? t("footer.staff") : t("footer.product")}</span>
      {config.data?.devMailbox && <Link to="/dev/mailbox">{t("footer.devMailbox")}</Link>}
    </footer>
  );
}
