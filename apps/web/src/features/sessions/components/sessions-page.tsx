import type { SessionView } from "@portier/shared/sessions";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ListPage } from "../../../components/list-page.tsx";
import { useSessions } from "../api/get-sessions.ts";
import { SessionsTable } from "./sessions-table.tsx";
import { useSignOutSession } from "./use-sign-out-session.ts";

/** Account → Sessions (SPEC §2): where the account is signed in, and ending any of it. */
export function SessionsPage() {
  const { t } = useTranslation();
  const sessions = useSessions();
  const describe = (session: SessionView) =>
    t("sessions.device", { browser: session.browser || t("common.unknown"), os: session.os || t("common.unknown"), ip: session.ip });
  const { signOut, pendingId, outcome } = useSignOutSession(describe);

  return (
    <ListPage
      title={t("sessions.title")}
      intro={t("sessions.intro")}
      outcome={outcome}
      query={sessions}
      footer={
        <p>
          <Trans i18nKey="sessions.logOutAllHint" components={{ security: <Link to="/account/security" /> }} />
        </p>
      }
    >
      {(data) => <SessionsTable sessions={data.sessions} pendingId={pendingId} onSignOut={signOut} describe={describe} />}
    </ListPage>
  );
}
