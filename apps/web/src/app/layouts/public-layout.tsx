import { useTranslation } from "react-i18next";
import { Link, Outlet } from "react-router";
import { Footer } from "./footer.tsx";
import { LanguageSwitch } from "./language-switch.tsx";

/** Pages before sign-in: sign-up, verification, sign-in, the dev mailbox. */
export function PublicLayout() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <a className="skip-link" href="#main">
        {t("common.skipToContent")}
      </a>
      <header className="top-bar">
        <Link to="/" className="brand">
          Portier
        </Link>
        <nav aria-label={t("nav.public")} className="top-nav">
          <Link to="/sign-in">{t("nav.signIn")}</Link>
          <Link to="/register">{t("nav.register")}</Link>
        </nav>
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <Footer />
    </div>
  );
}
