import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { CardPage, linkPage } from "../../../components/card-page.tsx";
import { ActionButton } from "../../../components/submit-button.tsx";
import { SuccessWithSignIn } from "../../../components/success-with-sign-in.tsx";
import { linkProblemOf, linkProblemText, useLinkToken } from "../../../lib/link-token.ts";
import { useProblem } from "../../../lib/problem.ts";
import { useFormat } from "../../../lib/use-format.ts";
import { useConfirmEmailChange, useInspectEmailChange } from "../api/email-change.ts";

function ConfirmEmail() {
  const { t } = useTranslation();
  const problem = useProblem();
  const format = useFormat();
  const inspect = useInspectEmailChange();
  const confirm = useConfirmEmailChange();
  const token = useLinkToken(inspect.mutate);

  let body: ReactNode;
  if (!token) body = <Alert>{t("supportConfirm.invalid")}</Alert>;
  else if (confirm.isSuccess)
    body = <SuccessWithSignIn message={t("supportConfirm.done", { email: confirm.data.email })} signIn={t("supportConfirm.signIn")} />;
  else if (inspect.isError || confirm.isError) {
    const error = confirm.error ?? inspect.error;
    const code = linkProblemOf(error);
    body = <Alert>{code ? linkProblemText(t, code, "supportConfirm") : problem.message(error)}</Alert>;
  } else if (inspect.data) {
    body = (
      <>
        <p>{t("supportConfirm.intro", { email: inspect.data.email, reference: inspect.data.reference })}</p>
        <p className="muted">{t("supportConfirm.effect")}</p>
        <p className="muted">{t("supportConfirm.validUntil", { time: format.dateTime(inspect.data.expiresAt) })}</p>
        <ActionButton pending={confirm.isPending} pendingLabel={t("common.sending")} onClick={() => confirm.mutate(token)}>
          {t("supportConfirm.submit")}
        </ActionButton>
      </>
    );
  } else body = <p role="status">{t("supportConfirm.checking")}</p>;

  return <CardPage title={t("supportConfirm.title")}>{body}</CardPage>;
}

/**
 * The link support sent to a customer's new login email: /support/confirm-email#token=…
 * (a fragment never reaches a server log or a Referer; lib/link-token.ts). Opening it
 * changes nothing; the page says what will happen, and the customer confirms with a
 * button (a POST). A second link opened in the same tab gets a fresh page instance.
 */
export const ConfirmEmailPage = linkPage(ConfirmEmail);
