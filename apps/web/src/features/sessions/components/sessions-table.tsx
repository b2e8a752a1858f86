import type { SessionView } from "@portier/shared/sessions";
import { useTranslation } from "react-i18next";
import { DataTable, headings } from "../../../components/data-table.tsx";
import { DateCell } from "../../../components/date-time.tsx";
import { IpAddress } from "../../../components/ip-address.tsx";
import { useFormat } from "../../../lib/use-format.ts";

interface SessionsTableProps {
  sessions: readonly SessionView[];
  /** The session being signed out, if any (its button waits). */
  pendingId: string | null;
  onSignOut: (session: SessionView) => void;
  /** How a session is named in sentences and button labels. */
  describe: (session: SessionView) => string;
}

/** One row per signed-in browser, the one reading this page marked. */
export function SessionsTable({ sessions, pendingId, onSignOut, describe }: SessionsTableProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <DataTable
      caption={t("sessions.caption", { count: sessions.length })}
      columns={[
        ...headings(t, "sessions.columns", ["browser", "os", "ip", "country", "createdAt", "lastUsedAt"]),
        { hidden: t("sessions.columns.actions") },
      ]}
    >
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
          <DateCell at={session.createdAt} />
          <DateCell at={session.lastUsedAt} />
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
    </DataTable>
  );
}
