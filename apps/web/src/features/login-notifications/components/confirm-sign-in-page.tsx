import { ErrorCode } from "@portier/shared/errors";
import { CONFIRMATION_LINK_TTL_MINUTES } from "@portier/shared/login-notifications";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { FocusedResult } from "../../../components/focused-result.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useHashVisit, useLinkToken } from "../../../lib/link-token.ts";
import { useProblem } from "../../../lib/problem.ts";
import { useConfirmSignIn } from "../api/confirm-sign-in.ts";

/**
 * The confirmation link of a sign-in notification (SPEC §4), opened on any device. The
 * customer confirms with a button — opening the link changes nothing by itself — and the
 * browser that entered the password then finishes signing in on its own. This page
 * signs nobody in.
 */
export function ConfirmSignInPage() {
  const visit = useHashVisit();
  return <ConfirmSignIn key={visit} />;
}

/** Answers after which the link cannot confirm anything, with what to tell the customer. */
const LINK_OVER: Partial<Record<string, string>> = {
  [ErrorCode.TOKEN_EXPIRED]: "confirmSignIn.expired",
  [ErrorCode.TOKEN_USED]: "confirmSignIn.used",
  [ErrorCode.TOKEN_INVALID]: "confirmSignIn.invalid",
  [ErrorCode.CONFIRMATION_SIGN_IN_ENDED]: "confirmSignIn.ended",
};

function ConfirmSignIn() {
  const { t } = useTranslation();
  const problem = useProblem();
  const token = useLinkToken();
  const confirm = useConfirmSignIn();
  const code = confirm.error instanceof ApiError ? confirm.error.code : undefined;
  const over = code ? LINK_OVER[code] : undefined;

  let body: ReactNode;
  if (!token) body = <Alert>{t("confirmSignIn.invalid")}</Alert>;
  else if (confirm.isSuccess || over) {
    // The button is gone: the result takes focus and is read out.
    body = (
      <FocusedResult>
        {confirm.isSuccess ? (
          <Alert tone="success">{t("confirmSignIn.confirmed")}</Alert>
        ) : (
          <Alert>{t(over as string, { minutes: CONFIRMATION_LINK_TTL_MINUTES })}</Alert>
        )}
      </FocusedResult>
    );
  } else {
    body = (
      <>
        <p>{t("confirmSignIn.intro")}</p>
        <p>{t("confirmSignIn.notYou")}</p>
        {confirm.isError && <Alert>{problem.message(confirm.error)}</Alert>}
        <button type="button" className="button" disabled={confirm.isPending} onClick={() => confirm.mutate(token)}>
          {confirm.isPending ? t("confirmSignIn.confirming") : t("confirmSignIn.confirm")}
        </button>
      </>
    );
  }

  return (
    <section className="card narrow">
      <h1>{t("confirmSignIn.title")}</h1>
      {body}
      <p>
        <Link to="/sign-in">{t("confirmSignIn.toSignIn")}</Link>
      </p>
    </section>
  );
}
