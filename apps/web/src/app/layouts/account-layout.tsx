import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, Outlet, useLocation } from "react-router";
import { Alert } from "../../components/alert.tsx";
import { useAccount } from "../../features/account/api/get-account.ts";
import { useSignOut } from "../../features/account/api/sign-out.ts";
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
import { type SignInState, useGoToSignIn } from "../../lib/sign-in-state.ts";
import { AccountSideMenu } from "./account-side-menu.tsx";
import { Footer } from "./footer.tsx";
import { LanguageSwitch } from "./language-switch.tsx";

/**
 * The signed-in shell: top bar "My Account → Customer", the left menu, and the page.
 * It loads the account once and hands it to the pages (Outlet context). A 401 on any
 * request made while it is shown sends the user to sign-in, saying why when the
 * session was ended (e.g. User-Agent change), and returns there after the next sign-in.
 *
 * A deliberate sign-out is not such an ending: once "Sign out" is pressed, the 401s that
 * other requests meet (the server may end the session before its answer to the sign-out
 * arrives, and forgetting the cached account makes it load again) are ignored, and the
 * sign-out alone decides where the browser goes — to sign-in, with no page to return to,
 * whichever request finishes first.
 */
export function AccountLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const goToSignIn = useGoToSignIn();
  const problem = useProblem();
  const account = useAccount();
  const signOut = useSignOut();
  const [ended, setEnded] = useState<SessionEnd | null>(null);
  const endingOnPurpose = useEndingOnPurpose();
  useEffect(() => onSessionEnd(setEnded), []);
  // An ending on purpose is over once the signed-in pages are gone.
  useEffect(() => finishEndingOnPurpose, []);

  // Without the account there is nothing to show: any 401 on it means signed out.
  const accountGone = account.error instanceof ApiError && account.error.status === 401;
  const end = endingOnPurpose ? null : accountGone ? (sessionEnd(account.error) ?? {}) : ended;
  if (end) {
    // Ended with no reason given (revoked from another browser, logged out everywhere) while
    // the account was on screen: the sign-in page still says that this session ended.
    const endedHere = !end.reason && account.data !== undefined;
    const state: SignInState = { from: location.pathname, ...end, ...(endedHere ? { notice: "sessionEnded" } : {}) };
    return <Navigate to="/sign-in" replace state={state} />;
  }

  return (
    <div className="page">
      <a className="skip-link" href="#main">
        {t("common.skipToContent")}
      </a>
      <header className="top-bar">
        <Link to="/account" className="brand">
          Portier
        </Link>
        <nav aria-label={t("nav.main")} className="top-nav">
          <span className="top-nav-section">{t("nav.myAccount")}</span>
          <span aria-hidden="true">→</span>
          <Link to="/account" aria-current="location">
            {t("nav.customer")}
          </Link>
        </nav>
        <LanguageSwitch />
        {account.data && <span className="muted user-email">{account.data.email}</span>}
        <button
          type="button"
          className="button button-secondary"
          disabled={endingOnPurpose}
          onClick={() => signOutOnPurpose(signOut.mutateAsync, () => goToSignIn({ notice: "signedOut" }))}
        >
          {t("nav.signOut")}
        </button>
      </header>
      <div className="shell">
        <AccountSideMenu />
        <main id="main" tabIndex={-1}>
          {account.data ? (
            <Outlet context={account.data} />
          ) : account.isError && !endingOnPurpose ? (
            <Alert>
              {problem.message(account.error)}{" "}
              <button type="button" className="link-button" onClick={() => void account.refetch()}>
                {t("common.retry")}
              </button>
            </Alert>
          ) : (
            <p role="status">{t("common.loading")}</p>
          )}
        </main>
      </div>
      <Footer />
    </div>
  );
}
