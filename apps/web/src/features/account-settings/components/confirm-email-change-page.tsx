import { EMAIL_CHANGE_LINK_TTL_HOURS } from "@portier/shared/account-settings";
import { ErrorCode } from "@portier/shared/errors";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { FocusedResult } from "../../../components/focused-result.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { linkProblemOf, useHashVisit, useLinkToken } from "../../../lib/link-token.ts";
import { useProblem } from "../../../lib/problem.ts";
import { useConfirmEmailChange } from "../api/change-email.ts";

/**
 * The link sent to a new login email: /confirm-email-change#token=… (a fragment never
 * reaches a server log or a Referer; lib/link-token.ts). Opening it changes nothing: the
 * customer confirms with a button (a POST), so a mail scanner that follows links confirms
 * nothing. No session is needed — the link may be opened on another device.
 */
export function ConfirmEmailChangePage() {
  const visit = useHashVisit();
  return <ConfirmEmailChange key={visit} />;
}

function ConfirmEmailChange() {
  const { t } = useTranslation();
  const problem = useProblem();
  const confirm = useConfirmEmailChange();
  const token = useLinkToken();

  let body: ReactNode;
  if (!token) body = <Alert>{t("confirmEmailChange.invalid")}</Alert>;
  else if (confirm.isSuccess) {
    body = (
      <FocusedResult>
        <Alert tone="success">{t("confirmEmailChange.done", { email: confirm.data.email })}</Alert>
        <p>
          <Link to="/account">{t("confirmEmailChange.toAccount")}</Link>
        </p>
      </FocusedResult>
    );
  } else if (confirm.isError) {
    const code = linkProblemOf(confirm.error);
    const taken = confirm.error instanceof ApiError && confirm.error.code === ErrorCode.EMAIL_TAKEN;
    body = (
      <FocusedResult>
        <Alert>
          {code === ErrorCode.TOKEN_EXPIRED
            ? t("confirmEmailChange.expired", { hours: EMAIL_CHANGE_LINK_TTL_HOURS })
            : code === ErrorCode.TOKEN_USED
              ? t("confirmEmailChange.used")
              : code === ErrorCode.TOKEN_VOIDED
                ? t("errors.TOKEN_VOIDED")
                : code
                  ? t("confirmEmailChange.invalid")
                  : taken
                    ? t("confirmEmailChange.taken")
                    : problem.message(confirm.error)}
        </Alert>
        <p>
          <Link to="/account/settings#email">{t("confirmEmailChange.requestNew")}</Link>
        </p>
      </FocusedResult>
    );
  } else {
    body = (
      <>
        <p>{t("confirmEmailChange.intro")}</p>
        <button type="button" className="button" disabled={confirm.isPending} onClick={() => confirm.mutate(token)}>
          {confirm.isPending ? t("common.sending") : t("confirmEmailChange.submit")}
        </button>
      </>
    );
  }

  return (
    <section className="card narrow">
      <h1>{t("confirmEmailChange.title")}</h1>
      {body}
    </section>
  );
}
