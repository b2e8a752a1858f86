import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePublicConfig } from "../../lib/public-config.ts";

export function Footer() {
  const { t } = useTranslation();
  const config = usePublicConfig();
  return (
    <footer className="site-footer">
      <span>{t("footer.product")}</span>
      {config.data?.devMailbox && <Link to="/dev/mailbox">{t("footer.devMailbox")}</Link>}
    </footer>
  );
}
