import type { SessionView } from "@portier/shared/sessions";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Loaded } from "../../../components/loaded.tsx";
import { OutcomeAlert, useOutcome } from "../../../components/outcome.tsx";
import { beginEndingOnPurpose, finishEndingOnPurpose } from "../../../lib/session-ended.ts";
import { useGoToSignIn } from "../../../lib/sign-in-state.ts";
import { useSessions } from "../api/get-sessions.ts";
import { useRevokeSession } from "../api/revoke-session.ts";
import { SessionsTable } from "./sessions-table.tsx";

/** Account → Sessions (SPEC §2): where the account is signed in, and ending any of it. */
export function SessionsPage() {
  const { t } = useTranslation();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const goToSignIn = useGoToSignIn();
  const outcome = useOutcome();

  const describe = (session: SessionView) =>
    t("sessions.device", { browser: session.browser || t("common.unknown"), os: session.os || t("common.unknown"), ip: session.ip });

  function signOut(session: SessionView) {
    outcome.clear();
    if (session.current) beginEndingOnPurpose();
    revoke.mutate(session.id, {
      onSuccess: () => {
        if (session.current) return goToSignIn({ notice: "signedOut" });
        outcome.succeeded(t("sessions.signedOut", { device: describe(session) }));
      },
      onError: (error) => {
        if (session.current) finishEndingOnPurpose();
        outcome.failed(error);
      },
    });
  }

  return (
    <section>
      <h1>{t("sessions.title")}</h1>
      <p>{t("sessions.intro")}</p>
      <OutcomeAlert outcome={outcome.outcome} focusRef={outcome.ref} />
      <Loaded query={sessions}>
        {(data) => (
          <SessionsTable
            sessions={data.sessions}
            pendingId={revoke.isPending ? (revoke.variables ?? null) : null}
            onSignOut={signOut}
            describe={describe}
          />
        )}
      </Loaded>
      <p>
        <Trans i18nKey="sessions.logOutAllHint" components={{ security: <Link to="/account/security" /> }} />
      </p>
    </section>
  );
}
