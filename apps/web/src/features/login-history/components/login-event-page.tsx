import { LoginEventParams } from "@portier/shared/login-history";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { Details } from "../../../components/details.tsx";
import { ErrorWithRetry } from "../../../components/error-with-retry.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useFormat } from "../../../lib/use-format.ts";
import { useLoginEvent } from "../api/get-login-event.ts";
import type { LoginHistoryReturn } from "./login-history-page.tsx";
import { useLoginLabels } from "./use-login-labels.ts";

/** Account → Login history → one sign-in: every recorded field, the raw User-Agent too. */
export function LoginEventPage() {
  const { id = "" } = useParams();
  const valid = LoginEventParams.safeParse({ id }).success;
  return valid ? <LoginEventDetails id={id} /> : <NotInHistory />;
}

function BackLink({ focusId }: { focusId?: string }) {
  const { t } = useTranslation();
  const state: LoginHistoryReturn = focusId ? { focusId } : {};
  return (
    <p>
      <Link to="/account/login-history" state={state}>
        {t("loginHistory.back")}
      </Link>
    </p>
  );
}

function NotInHistory() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t("loginHistory.detail.title")}</h1>
      <Alert>{t("loginHistory.detail.notFound")}</Alert>
      <BackLink />
    </section>
  );
}

function LoginEventDetails({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useLoginLabels();
  const event = useLoginEvent(id);

  if (event.error instanceof ApiError && (event.error.status === 404 || event.error.status === 400)) return <NotInHistory />;

  return (
    <section>
      <h1>{t("loginHistory.detail.title")}</h1>
      {event.data ? (
        <Details
          items={[
            [t("loginHistory.columns.time"), <time dateTime={event.data.at}>{labels.fullTime(event.data.at)}</time>],
            [t("loginHistory.columns.result"), labels.result(event.data.result)],
            [t("loginHistory.columns.method"), labels.method(event.data.method)],
            [t("loginHistory.columns.ip"), event.data.ip],
            [
              t("loginHistory.columns.country"),
              <>
                {format.country(event.data.country)}
                {event.data.country && ` (${event.data.country})`}
              </>,
            ],
            [t("loginHistory.detail.browser"), event.data.browser || t("common.unknown")],
            [t("loginHistory.detail.os"), event.data.os || t("common.unknown")],
            [t("loginHistory.columns.notified"), labels.notified(event.data.notified)],
            [t("loginHistory.detail.userAgent"), event.data.userAgent ? <code>{event.data.userAgent}</code> : t("common.unknown")],
          ]}
        />
      ) : event.isError ? (
        <ErrorWithRetry error={event.error} onRetry={() => void event.refetch()} />
      ) : (
        <p role="status">{t("common.loading")}</p>
      )}
      <BackLink focusId={id} />
    </section>
  );
}
