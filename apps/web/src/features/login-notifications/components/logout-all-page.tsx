import { ErrorCode } from "@portier/shared/errors";
import { LOGOUT_ALL_LINK_TTL_DAYS } from "@portier/shared/login-notifications";
import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { FocusedResult } from "../../../components/focused-result.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useHashVisit, useLinkToken } from "../../../lib/link-token.ts";
import { useProblem } from "../../../lib/problem.ts";
import { useLogoutAllByLink } from "../api/logout-all.ts";

/**
 * "Log out all sessions" from a sign-in notification email (SPEC §2; seed 002,
 * `/logout-all/…`). The page says what will happen and acts only on the button (a POST):
 * mail scanners that open links log nobody out.
 */
export function LogoutAllPage() {
  const visit = useHashVisit();
  return <LogoutAll key={visit} />;
}

const LINK_OVER: Partial<Record<string, string>> = {
  [ErrorCode.TOKEN_EXPIRED]: "logoutAllLink.expired",
  [ErrorCode.TOKEN_USED]: "logoutAllLink.used",
  [ErrorCode.TOKEN_INVALID]: "logoutAllLink.invalid",
};

function LogoutAll() {
  const { t } = useTranslation();
  const problem = useProblem();
  const queryClient = useQueryClient();
  const token = useLinkToken();
  const logout = useLogoutAllByLink();
  const code = logout.error instanceof ApiError ? logout.error.code : undefined;
  const over = code ? LINK_OVER[code] : undefined;

  function run(linkToken: string) {
    logout.mutate(linkToken, {
      // This browser may have been signed in to that account: forget whatever was shown.
      onSuccess: () => queryClient.removeQueries(),
    });
  }

  let body: ReactNode;
  if (!token) body = <Alert>{t("logoutAllLink.invalid")}</Alert>;
  else if (logout.isSuccess || over) {
    body = (
      <FocusedResult>
        {logout.data ? (
          <>
            <Alert tone="success">{t("logoutAllLink.done", { count: logout.data.ended })}</Alert>
            <p>{t("logoutAllLink.next")}</p>
          </>
        ) : (
          <Alert>{t(over as string, { days: LOGOUT_ALL_LINK_TTL_DAYS })}</Alert>
        )}
      </FocusedResult>
    );
  } else {
    body = (
      <>
        <p>{t("logoutAllLink.intro")}</p>
        <ul>
          <li>{t("logoutAllLink.effectSessions")}</li>
          <li>{t("logoutAllLink.effectSignIns")}</li>
          <li>{t("logoutAllLink.effectServices")}</li>
          <li>{t("logoutAllLink.effectPassword")}</li>
        </ul>
        {logout.isError && <Alert>{problem.message(logout.error)}</Alert>}
        <button type="button" className="button button-danger" disabled={logout.isPending} onClick={() => run(token)}>
          {logout.isPending ? t("logoutAllLink.loggingOut") : t("logoutAllLink.confirm")}
        </button>
      </>
    );
  }

  return (
    <section className="card narrow">
      <h1>{t("logoutAllLink.title")}</h1>
      {body}
      <p>
        <Link to="/sign-in">{t("logoutAllLink.toSignIn")}</Link>
      </p>
    </section>
  );
}
