import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section className="card narrow">
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.text")}</p>
      <Link to="/">{t("notFound.home")}</Link>
    </section>
  );
}

/** Shown when a page itself crashes: no internals, a way back. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  return (
    <main className="card narrow" id="main">
      <h1>{t("crash.title")}</h1>
      <p>
        <a href="/">{t("notFound.home")}</a>
      </p>
    </main>
  );
}
