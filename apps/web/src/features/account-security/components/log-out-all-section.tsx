import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { useProblem } from "../../../lib/problem.ts";
import { beginEndingOnPurpose, finishEndingOnPurpose } from "../../../lib/session-ended.ts";
import { useGoToSignIn } from "../../../lib/sign-in-state.ts";
import { useRevokeAllSessions } from "../api/revoke-all-sessions.ts";
import { SecuritySection } from "./security-section.tsx";

/**
 * "Log out all sessions" (SPEC §2). It also signs this browser out, so it asks first —
 * in the page, not with window.confirm: the question takes focus, and Cancel (or
 * Escape) puts focus back on the button that asked.
 */
export function LogOutAllSection() {
  const { t } = useTranslation();
  const problem = useProblem();
  const revokeAll = useRevokeAllSessions();
  const goToSignIn = useGoToSignIn();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const question = useRef<HTMLLegendElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);

  useEffect(() => {
    if (confirming) question.current?.focus();
    else if (asked.current) start.current?.focus();
  }, [confirming]);

  function ask() {
    setError(null);
    asked.current = true;
    setConfirming(true);
  }

  function cancel() {
    if (!revokeAll.isPending) setConfirming(false);
  }

  function confirm() {
    beginEndingOnPurpose();
    revokeAll.mutate(undefined, {
      onSuccess: () => goToSignIn({ notice: "allSessionsEnded" }),
      onError: (e) => {
        finishEndingOnPurpose();
        setConfirming(false);
        setError(problem.message(e));
      },
    });
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape") cancel();
  }

  return (
    <SecuritySection id="sessions" title={t("security.sessions.title")} intro={t("security.sessions.text")}>
      <p>
        <Trans i18nKey="security.sessions.list" components={{ sessions: <Link to="/account/sessions" /> }} />
      </p>
      {error && <Alert>{error}</Alert>}
      {confirming ? (
        <fieldset className="confirm" onKeyDown={onKeyDown}>
          <legend ref={question} tabIndex={-1} className="confirm-question">
            {t("security.sessions.confirmQuestion")}
          </legend>
          <p>{t("security.sessions.confirmText")}</p>
          <div className="button-row">
            <button type="button" className="button button-danger" disabled={revokeAll.isPending} onClick={confirm}>
              {revokeAll.isPending ? t("security.sessions.loggingOut") : t("security.sessions.confirm")}
            </button>
            <button type="button" className="button button-secondary" disabled={revokeAll.isPending} onClick={cancel}>
              {t("security.sessions.cancel")}
            </button>
          </div>
        </fieldset>
      ) : (
        <button ref={start} type="button" className="button button-secondary" onClick={ask}>
          {t("security.sessions.logOutAll")}
        </button>
      )}
    </SecuritySection>
  );
}
