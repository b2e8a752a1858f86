import { useTranslation } from "react-i18next";

/** How long a request has waited, against the server's clock ("45 min", "5 h", "3 days"). */
export function useAge() {
  const { t } = useTranslation();
  return (fromIso: string, nowIso: string) => {
    const minutes = Math.max(0, Math.floor((Date.parse(nowIso) - Date.parse(fromIso)) / 60_000));
    if (minutes < 60) return t("staff.age.minutes", { count: minutes });
    const hours = Math.floor(minutes / 60);
    if (hours < 48) return t("staff.age.hours", { count: hours });
    return t("staff.age.days", { count: Math.floor(hours / 24) });
  };
}
