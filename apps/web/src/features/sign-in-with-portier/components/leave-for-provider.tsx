import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";

/**
 * /oidc/* belongs to the server (the OpenID provider). Sign-in ends with a navigation
 * there when a service asked for it; this hands the address to the browser instead of
 * rendering an app page for it.
 */
export function LeaveForProvider() {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  useEffect(() => {
    window.location.replace(pathname + search);
  }, [pathname, search]);
  return (
    <section className="card narrow">
      <p role="status">{t("signInWithPortier.leaving")}</p>
    </section>
  );
}
