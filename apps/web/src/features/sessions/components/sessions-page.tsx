import type { SessionView } from "@portier/shared/sessions";
import { useEffect, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { useProblem } from "../../../lib/problem.ts";
import { beginEndingOnPurpose, finishEndingOnPurpose } from "../../../lib/session-ended.ts";
import { useGoToSignIn } from "../../../lib/sign-in-state.ts";
import { useSessions } from "../api/get-sessions.ts";
import { useRevokeSession } from "../api/revoke-session.ts";
import { SessionsTable } from "./sessions-table.tsx";

/** Result of the last sign-out, announced and focused (its button has just left the page). */
type Outcome = { tone: "success" | "error"; text: string };

/** Account → Sessions (SPEC §2): where the account is signed in, and ending any of it. */
export function SessionsPage() {
  const { t } = useTranslation();
  const problem = useProblem();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const goToSignIn = useGoToSignIn();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const outcomeRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  const describe = (session: SessionView) =>
    t("sessions.device", { browser: session.browser || t("common.unknown"), os: session.os || t("common.unknown"), ip: session.ip });

  function signOut(session: SessionView) {
    setOutcome(null);
    if (session.current) beginEndingOnPurpose();
    revoke.mutate(session.id, {
      onSuccess: () => {
        if (session.current) return goToSignIn({ notice: "signedOut" });
        setOutcome({ tone: "success", text: t("sessions.signedOut", { device: describe(session) }) });
      },
      onError: (error) => {
        if (session.current) finishEndingOnPurpose();
        setOutcome({ tone: "error", text: problem.message(error) });
      },
    });
  }

  return (
    <section>
      <h1>{t("sessions.title")}</h1>
      <p>{t("sessions.intro")}</p>
      {/* Always in the page, so that screen readers announce what is put into it. */}
      <div role="status">
        {outcome?.tone === "success" && (
          <p ref={outcomeRef} tabIndex={-1} className="alert alert-success">
            {outcome.text}
          </p>
        )}
      </div>
      {outcome?.tone === "error" && (
        <p ref={outcomeRef} tabIndex={-1} className="alert alert-error" role="alert">
          {outcome.text}
        </p>
      )}
      {sessions.data ? (
        <SessionsTable
          sessions={sessions.data.sessions}
          pendingId={revoke.isPending ? (revoke.variables ?? null) : null}
          onSignOut={signOut}
          describe={describe}
        />
      ) : sessions.isError ? (
        <Alert>
          {problem.message(sessions.error)}{" "}
          <button type="button" className="link-button" onClick={() => void sessions.refetch()}>
            {t("common.retry")}
          </button>
        </Alert>
      ) : (
        <p role="status">{t("common.loading")}</p>
      )}
      <p>
        <Trans i18nKey="sessions.logOutAllHint" components={{ security: <Link to="/account/security" /> }} />
      </p>
    </section>
  );
}
