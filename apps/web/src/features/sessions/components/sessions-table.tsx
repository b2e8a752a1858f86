import type { SessionView } from "@portier/shared/sessions";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../lib/use-format.ts";

interface SessionsTableProps {
  sessions: readonly SessionView[];
  /** The session being signed out, if any (its button waits). */
  pendingId: string | null;
  onSignOut: (session: SessionView) => void;
  /** How a session is named in sentences and button labels. */
  describe: (session: SessionView) => string;
}

/** An IPv6 address may break after its colons (it has no spaces); IPv4 stays whole. */
function IpAddress({ ip }: { ip: string }) {
  const groups = ip.split(":");
  return groups.map((group, i) => (
    <Fragment key={i}>
      {i > 0 && (
        <>
          :<wbr />
        </>
      )}
      {group}
    </Fragment>
  ));
}

/** One row per signed-in browser, the one reading this page marked. */
export function SessionsTable({ sessions, pendingId, onSignOut, describe }: SessionsTableProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption>{t("sessions.caption", { count: sessions.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("sessions.columns.browser")}</th>
            <th scope="col">{t("sessions.columns.os")}</th>
            <th scope="col">{t("sessions.columns.ip")}</th>
            <th scope="col">{t("sessions.columns.country")}</th>
            <th scope="col">{t("sessions.columns.createdAt")}</th>
            <th scope="col">{t("sessions.columns.lastUsedAt")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("sessions.columns.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <tr key={session.id} aria-current={session.current ? "true" : undefined}>
              <th scope="row">
                {session.browser || t("common.unknown")}
                {session.current && <span className="badge badge-ok">{t("sessions.thisBrowser")}</span>}
              </th>
              <td>{session.os || t("common.unknown")}</td>
              <td>
                <IpAddress ip={session.ip} />
              </td>
              <td>{format.country(session.country)}</td>
              <td>
                <time dateTime={session.createdAt}>{format.dateTime(session.createdAt)}</time>
              </td>
              <td>
                <time dateTime={session.lastUsedAt}>{format.dateTime(session.lastUsedAt)}</time>
              </td>
              <td>
                <button
                  type="button"
                  className="button button-secondary button-small"
                  disabled={pendingId !== null}
                  onClick={() => onSignOut(session)}
                >
                  {pendingId === session.id ? t("sessions.signingOut") : t("sessions.signOut")}
                  {/* Every row has this button: its name says which session it ends. */}
                  <span className="visually-hidden"> {session.current ? t("sessions.thisBrowserLabel") : describe(session)}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
