import { type LoginEventView, portierClient, SUCCESSFUL_LOGIN_RESULTS, sharedLoginProvider } from "@portier/shared/login-history";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useProviders } from "../../shared-login/api/get-providers.ts";

/** Methods named by a fixed text (the others name a provider or a service). */
const PLAIN_METHOD_NAMES = [
  "password",
  "password_reset",
  "otp_recovery",
  "support",
  "passkey",
  "recovery_code",
  "account_security",
] as const;
type PlainMethod = (typeof PLAIN_METHOD_NAMES)[number];
const PLAIN_METHODS: ReadonlySet<string> = new Set(PLAIN_METHOD_NAMES);

/** How a history row reads in the customer's language: its time, result, method and device. */
export function useLoginLabels() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  // Providers are recorded by id (`shared:<id>`); customers know them by their display name.
  const providers = useProviders();
  const formats = useMemo(
    () => ({
      // Seconds matter here: several attempts often fall within one minute.
      short: new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "medium" }),
      long: new Intl.DateTimeFormat(language, { dateStyle: "full", timeStyle: "long" }),
    }),
    [language],
  );

  return {
    time: (iso: string) => formats.short.format(new Date(iso)),
    /** With the weekday and the time zone (the detail view). */
    fullTime: (iso: string) => formats.long.format(new Date(iso)),
    result: (result: LoginEventView["result"]) => t(`loginHistory.results.${result}`, { defaultValue: result }),
    successful: (result: LoginEventView["result"]) => SUCCESSFUL_LOGIN_RESULTS.includes(result),
    method(method: string) {
      if (PLAIN_METHODS.has(method)) return t(`loginHistory.methods.${method as PlainMethod}`);
      const provider = sharedLoginProvider(method);
      if (provider) {
        const name = providers.data?.providers.find((p) => p.id === provider)?.displayName;
        return name ? t("loginHistory.methods.shared", { provider: name }) : t("loginHistory.methods.sharedUnknown");
      }
      const client = portierClient(method);
      return client ? t("loginHistory.methods.client", { client }) : method;
    },
    device: (row: Pick<LoginEventView, "browser" | "os">) =>
      t("loginHistory.device", { browser: row.browser || t("common.unknown"), os: row.os || t("common.unknown") }),
    notified: (notified: boolean) => (notified ? t("loginHistory.yes") : t("loginHistory.no")),
  };
}
