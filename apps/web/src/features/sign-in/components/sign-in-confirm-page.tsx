import { ErrorCode } from "@portier/shared/errors";
import { CONFIRMATION_LINK_TTL_MINUTES } from "@portier/shared/login-notifications";
import { type ReactNode, useEffect, useRef } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { CardPage } from "../../../components/card-page.tsx";
import { ErrorWithRetry } from "../../../components/error-with-retry.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useProblem } from "../../../lib/problem.ts";
import { type SignInState, useSignInStep } from "../../../lib/sign-in-state.ts";
import { useFormat } from "../../../lib/use-format.ts";
import { useAwaitConfirmation } from "../api/await-confirmation.ts";

/** Answers that end the waiting sign-in: its link expired, or a change elsewhere cancelled it (the message says which). */
const SIGN_IN_OVER: ReadonlySet<string> = new Set([
  ErrorCode.LOGIN_ATTEMPT_EXPIRED,
  ErrorCode.LOGIN_ATTEMPT_CANCELLED,
  ErrorCode.LOGIN_ATTEMPT_TOO_MANY_CODES,
]);

/**
 * The sign-in waits for the link emailed to the customer (SPEC §4): this page asks the
 * API every 2 seconds whether it was clicked — on this or any other device — and goes
 * on to the account by itself once it was. Nothing is entered here.
 */
export function SignInConfirmPage() {
  const { t } = useTranslation();
  const { from, goTo, signedIn } = useSignInStep();
  const format = useFormat();
  const problem = useProblem();
  const waiting = useAwaitConfirmation();
  const code = waiting.error instanceof ApiError ? waiting.error.code : undefined;
  const complete = waiting.data?.status === "complete" && !waiting.isError;

  // Once the sign-in completed, the session is this browser's: signing in clears the query
  // cache, and the poll asked again meanwhile finds the attempt spent (LOGIN_ATTEMPT_INVALID),
  // which must not send the customer back to the sign-in form on the way to the account.
  const finished = useRef(false);
  useEffect(() => {
    if (!complete) return;
    finished.current = true;
    signedIn();
  }, [complete, signedIn]);

  useEffect(() => {
    // This browser has no sign-in waiting (e.g. the page was opened directly): start one.
    if (code === ErrorCode.LOGIN_ATTEMPT_INVALID && !finished.current) goTo("/sign-in", { reason: code });
  }, [code, goTo]);

  let body: ReactNode;
  if (code && SIGN_IN_OVER.has(code)) {
    body = (
      <>
        <Alert>
          {code === ErrorCode.LOGIN_ATTEMPT_EXPIRED
            ? t("signInConfirm.expired", { minutes: CONFIRMATION_LINK_TTL_MINUTES })
            : problem.message(waiting.error)}
        </Alert>
        <p>
          <Link className="button" to="/sign-in" state={{ from } satisfies SignInState}>
            {t("signInConfirm.signInAgain")}
          </Link>
        </p>
      </>
    );
  } else if (waiting.isError && code !== ErrorCode.LOGIN_ATTEMPT_INVALID) {
    body = <ErrorWithRetry error={waiting.error} onRetry={() => void waiting.refetch()} />;
  } else {
    const until = waiting.data?.attemptExpiresAt;
    body = (
      <>
        <p>{t("signInConfirm.instructions")}</p>
        <p className="muted">{t("signInConfirm.notYou")}</p>
        <p role="status" className="alert alert-info">
          {complete ? t("signInConfirm.confirmed") : t("signInConfirm.waiting")}
          {until && !complete && <> {t("signInConfirm.validUntil", { time: format.dateTime(until) })}</>}
        </p>
      </>
    );
  }

  return (
    <CardPage title={t("signInConfirm.title")}>
      {body}
      <p>
        <Trans i18nKey="signInConfirm.otherAccount" components={{ signIn: <Link to="/sign-in" /> }} />
      </p>
    </CardPage>
  );
}
