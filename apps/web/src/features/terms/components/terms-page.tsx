import { useTranslation } from "react-i18next";
import { Link } from "react-router";

/** The sections of the terms, in order (keys under `terms.sections`). */
const SECTIONS = ["account", "security", "data", "messages", "end"] as const;

/** The terms a customer accepts at sign-up (linked from the checkbox; opens in a new tab so the form stays filled in). */
export function TermsPage() {
  const { t } = useTranslation();
  return (
    <article className="card narrow">
      <h1>{t("terms.title")}</h1>
      <p>{t("terms.intro")}</p>
      {SECTIONS.map((section) => (
        <section key={section} aria-labelledby={`terms-${section}`}>
          <h2 id={`terms-${section}`}>{t(`terms.sections.${section}.title`)}</h2>
          <p>{t(`terms.sections.${section}.text`)}</p>
        </section>
      ))}
      <p>
        <Link to="/register">{t("terms.back")}</Link>
      </p>
    </article>
  );
}
