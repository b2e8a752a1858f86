import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** Each page names itself in the tab title (screen readers announce it on navigation). */
export function usePageTitle(key: string) {
  const { t } = useTranslation();
  const title = t(key);
  useEffect(() => {
    document.title = `${title} · Portier`;
  }, [title]);
}
