import { ErrorCode } from "@portier/shared/errors";
import { CONFIRMATION_LINK_TTL_MINUTES } from "@portier/shared/login-notifications";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { ButtonLinkCard, linkPage } from "../../../components/card-page.tsx";
import { ActionButton } from "../../../components/submit-button.tsx";
import { linkProblemOf, linkProblemText } from "../../../lib/link-token.ts";
import { useProblem } from "../../../lib/problem.ts";
import { useFormat } from "../../../lib/use-format.ts";
import { useLoginLabels } from "../../login-history/components/use-login-labels.ts";
import { useConfirmationDetails, useConfirmSignIn } from "../api/confirm-sign-in.ts";

/** Answers after which the link cannot confirm anything (a withdrawn link is not one: that answer is shown above the button). */
const LINK_OVER: ReadonlySet<string> = new Set([
  ErrorCode.TOKEN_EXPIRED,
  ErrorCode.TOKEN_USED,
  ErrorCode.TOKEN_INVALID,
  ErrorCode.CONFIRMATION_SIGN_IN_ENDED,
]);

function ConfirmSignIn() {
  const { t } = useTranslation();
  const confirm = useConfirmSignIn();
  const over = linkProblemOf(confirm.error, LINK_OVER);
  const result = confirm.isSuccess ? (
    <Alert tone="success">{t("confirmSignIn.confirmed")}</Alert>
  ) : over === ErrorCode.CONFIRMATION_SIGN_IN_ENDED ? (
    <Alert>{t("confirmSignIn.ended")}</Alert>
  ) : over ? (
    <Alert>{linkProblemText(t, over, "confirmSignIn", { minutes: CONFIRMATION_LINK_TTL_MINUTES })}</Alert>
  ) : null;

  return (
    <ButtonLinkCard
      title={t("confirmSignIn.title")}
      footer={<Link to="/sign-in">{t("confirmSignIn.toSignIn")}</Link>}
      invalid={t("confirmSignIn.invalid")}
      result={result}
    >
      {(token) => (
        <>
          <SignInDetails token={token} />
          <p>{t("confirmSignIn.notYou")}</p>
          <ActionButton
            failure={confirm.error}
            pending={confirm.isPending}
            pendingLabel={t("confirmSignIn.confirming")}
            onClick={() => confirm.mutate(token)}
          >
            {t("confirmSignIn.confirm")}
          </ActionButton>
        </>
      )}
    </ButtonLinkCard>
  );
}

/**
 * Which sign-in the link confirms — when, in which browser, from where, how — read before
 * the customer confirms it (the facts the email gave; reading spends nothing).
 */
function SignInDetails({ token }: { token: string }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const details = useConfirmationDetails(token);
  const labels = useLoginLabels();
  const format = useFormat();
  if (details.isPending) return <p role="status">{t("common.loading")}</p>;
  if (details.isError) {
    const over = linkProblemOf(details.error, LINK_OVER);
    return (
      <Alert>
        {over === ErrorCode.CONFIRMATION_SIGN_IN_ENDED
          ? t("confirmSignIn.ended")
          : over
            ? linkProblemText(t, over, "confirmSignIn", { minutes: CONFIRMATION_LINK_TTL_MINUTES })
            : problem.message(details.error)}
      </Alert>
    );
  }
  const signIn = details.data;
  return (
    <>
      <p>{t("confirmSignIn.intro")}</p>
      <dl className="details compact" data-testid="confirm-sign-in-details">
        <div>
          <dt>{t("confirmSignIn.when")}</dt>
          <dd>
            <time dateTime={signIn.at}>{labels.fullTime(signIn.at)}</time>
          </dd>
        </div>
        <div>
          <dt>{t("confirmSignIn.browser")}</dt>
          <dd>{labels.device(signIn)}</dd>
        </div>
        <div>
          <dt>{t("confirmSignIn.place")}</dt>
          <dd>{t("confirmSignIn.placeValue", { country: format.country(signIn.country), ip: signIn.ip })}</dd>
        </div>
        <div>
          <dt>{t("confirmSignIn.method")}</dt>
          <dd>{labels.method(signIn.method)}</dd>
        </div>
      </dl>
    </>
  );
}

/**
 * The confirmation link of a sign-in notification (SPEC §4), opened on any device. The
 * customer confirms with a button — opening the link changes nothing by itself — and the
 * browser that entered the password then finishes signing in on its own. This page
 * signs nobody in.
 */
export const ConfirmSignInPage = linkPage(ConfirmSignIn);
