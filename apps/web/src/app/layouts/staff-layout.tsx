import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { Alert } from "../../components/alert.tsx";
import { useStaffMe, useStaffSignOut } from "../../features/staff/api/staff-session.ts";
import { ApiError } from "../../lib/api-client.ts";
import { useProblem } from "../../lib/problem.ts";
import {
  finishEndingOnPurpose,
  onSessionEnd,
  type SessionEnd,
  sessionEnd,
  signOutOnPurpose,
  useEndingOnPurpose,
} from "../../lib/session-ended.ts";
import { Footer } from "./footer.tsx";
import { LanguageSwitch } from "./language-switch.tsx";

/** Where the staff sign-in page returns to, and why it was shown. */
export interface StaffSignInState {
  from?: string;
  reason?: string;
}

/**
 * The staff console's shell (SPEC §9): its own top bar and menu, nothing of the
 * customer's account. `publicPage`: the sign-in page, shown without a staff session;
 * every other page needs one, and any 401 while it is shown goes back to sign-in. The
 * router gives the two uses different keys, so a session ended before sign-in is not
 * remembered by the console shown after it. A deliberate sign-out goes to sign-in with
 * no page to return to, whichever request finishes first (as in the customer's shell).
 */
export function StaffLayout({ publicPage = false }: { publicPage?: boolean }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const problem = useProblem();
  const me = useStaffMe();
  const signOut = useStaffSignOut();
  const [ended, setEnded] = useState<SessionEnd | null>(null);
  const endingOnPurpose = useEndingOnPurpose();
  useEffect(() => (publicPage ? undefined : onSessionEnd(setEnded)), [publicPage]);
  useEffect(() => (publicPage ? undefined : finishEndingOnPurpose), [publicPage]);

  if (!publicPage && !endingOnPurpose) {
    const gone = me.error instanceof ApiError && me.error.status === 401;
    const end = gone ? (sessionEnd(me.error) ?? {}) : ended;
    if (end) {
      const state: StaffSignInState = { from: location.pathname, ...(end.reason ? { reason: end.reason } : {}) };
      return <Navigate to="/staff/sign-in" replace state={state} />;
    }
  }
  const member = publicPage ? null : me.data;

  return (
    <div className="page">
      <a className="skip-link" href="#main">
        {t("common.skipToContent")}
      </a>
      <header className="top-bar">
        <Link to="/staff" className="brand">
          Portier
        </Link>
        <span className="top-nav-section">{t("staff.console")}</span>
        <LanguageSwitch />
        {member && (
          <>
            <span className="muted user-email">
              {member.name} ({t(`staff.roles.${member.role}`)})
            </span>
            <button
              type="button"
              className="button button-secondary"
              disabled={endingOnPurpose}
              onClick={() => signOutOnPurpose(signOut.mutateAsync, () => navigate("/staff/sign-in", { replace: true }))}
            >
              {t("nav.signOut")}
            </button>
          </>
        )}
      </header>
      {publicPage ? (
        <main id="main" tabIndex={-1}>
          <Outlet />
        </main>
      ) : (
        <div className="shell">
          <nav aria-label={t("staff.menu.label")} className="side-menu">
            <ul>
              <li>
                <NavLink to="/staff" end>
                  {t("staff.menu.queue")}
                </NavLink>
              </li>
              <li>
                <NavLink to="/staff/audit">{t("staff.menu.audit")}</NavLink>
              </li>
            </ul>
          </nav>
          <main id="main" tabIndex={-1}>
            {member ? (
              <Outlet context={member} />
            ) : me.isError ? (
              <Alert>
                {problem.message(me.error)}{" "}
                <button type="button" className="link-button" onClick={() => void me.refetch()}>
                  {t("common.retry")}
                </button>
              </Alert>
            ) : (
              <p role="status">{t("common.loading")}</p>
            )}
          </main>
        </div>
      )}
      <Footer staff />
    </div>
  );
}
