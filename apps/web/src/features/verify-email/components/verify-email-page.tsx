import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { CardPage, linkPage } from "../../../components/card-page.tsx";
import { LinkLine } from "../../../components/link-line.tsx";
import { SuccessWithSignIn } from "../../../components/success-with-sign-in.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useLinkToken } from "../../../lib/link-token.ts";
import { useProblem } from "../../../lib/problem.ts";
import { useVerifyEmail } from "../api/verify-email.ts";

function VerifyEmail() {
  const { t } = useTranslation();
  const problem = useProblem();
  const verify = useVerifyEmail();
  const token = useLinkToken(verify.mutate);

  let body: ReactNode;
  if (!token) body = <Alert>{t("errors.TOKEN_INVALID")}</Alert>;
  else if (verify.isSuccess) body = <SuccessWithSignIn message={t("verifyEmail.verified")} signIn={t("verifyEmail.signIn")} />;
  else if (verify.isError) {
    const code = verify.error instanceof ApiError ? verify.error.code : undefined;
    body = (
      <>
        <Alert>{problem.message(verify.error)}</Alert>
        {code === "TOKEN_USED" ? (
          <LinkLine to="/sign-in">{t("verifyEmail.signIn")}</LinkLine>
        ) : (
          <LinkLine to="/register/check-email">{t("verifyEmail.requestNew")}</LinkLine>
        )}
      </>
    );
  } else body = <p role="status">{t("verifyEmail.verifying")}</p>;

  return <CardPage title={t("verifyEmail.title")}>{body}</CardPage>;
}

/**
 * The emailed link is /verify-email#token=…: the page reads the token once, removes it
 * from the address bar and history (lib/link-token.ts), and confirms with a POST (opening
 * the link alone changes nothing on the server, so mail scanners that prefetch links
 * cannot verify on the user's behalf). A second link opened in the same tab gets a fresh
 * page instance.
 */
export const VerifyEmailPage = linkPage(VerifyEmail);
