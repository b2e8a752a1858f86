import { EMAIL_CHANGE_LINK_TTL_HOURS } from "@portier/shared/account-settings";
import { ErrorCode } from "@portier/shared/errors";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { ButtonLinkCard, linkPage } from "../../../components/card-page.tsx";
import { LinkLine } from "../../../components/link-line.tsx";
import { ActionButton } from "../../../components/submit-button.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { linkProblemOf, linkProblemText } from "../../../lib/link-token.ts";
import { useProblem } from "../../../lib/problem.ts";
import { useConfirmEmailChange } from "../api/change-email.ts";

function ConfirmEmailChange() {
  const { t } = useTranslation();
  const problem = useProblem();
  const confirm = useConfirmEmailChange();

  const code = linkProblemOf(confirm.error);
  const taken = confirm.error instanceof ApiError && confirm.error.code === ErrorCode.EMAIL_TAKEN;
  const result = confirm.isSuccess ? (
    <>
      <Alert tone="success">{t("confirmEmailChange.done", { email: confirm.data.email })}</Alert>
      <LinkLine to="/account">{t("confirmEmailChange.toAccount")}</LinkLine>
    </>
  ) : confirm.isError ? (
    <>
      <Alert>
        {code
          ? linkProblemText(t, code, "confirmEmailChange", { hours: EMAIL_CHANGE_LINK_TTL_HOURS })
          : taken
            ? t("confirmEmailChange.taken")
            : problem.message(confirm.error)}
      </Alert>
      <LinkLine to="/account/settings#email">{t("confirmEmailChange.requestNew")}</LinkLine>
    </>
  ) : null;

  return (
    <ButtonLinkCard title={t("confirmEmailChange.title")} invalid={t("confirmEmailChange.invalid")} result={result}>
      {(token) => (
        <>
          <p>{t("confirmEmailChange.intro")}</p>
          <ActionButton pending={confirm.isPending} pendingLabel={t("common.sending")} onClick={() => confirm.mutate(token)}>
            {t("confirmEmailChange.submit")}
          </ActionButton>
        </>
      )}
    </ButtonLinkCard>
  );
}

/**
 * The link sent to a new login email: /confirm-email-change#token=… (a fragment never
 * reaches a server log or a Referer; lib/link-token.ts). Opening it changes nothing: the
 * customer confirms with a button (a POST), so a mail scanner that follows links confirms
 * nothing. No session is needed — the link may be opened on another device.
 */
export const ConfirmEmailChangePage = linkPage(ConfirmEmailChange);
