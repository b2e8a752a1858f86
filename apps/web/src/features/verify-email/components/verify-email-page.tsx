import { LinkToken } from "@portier/shared/common";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useProblem } from "../../../lib/problem.ts";
import { useVerifyEmail } from "../api/verify-email.ts";

/**
 * The emailed link is /verify-email#token=…: a fragment never reaches a server log
 * or a Referer. The page reads it once, removes it from the address bar and history,
 * and confirms with a POST (opening the link alone changes nothing on the server,
 * so mail scanners that prefetch links cannot verify on the user's behalf).
 */
function readTokenFromHash(): string | null {
  return new URLSearchParams(window.location.hash.slice(1)).get("token");
}

function clearHash() {
  if (window.location.hash) window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
}

/**
 * A second link opened in the same tab is only a fragment change (no reload, and
 * no new router location): a fresh page instance verifies it.
 */
export function VerifyEmailPage() {
  const [visit, setVisit] = useState(0);
  useEffect(() => {
    const onHashChange = () => setVisit((v) => v + 1);
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, []);
  return <VerifyEmail key={visit} />;
}

function VerifyEmail() {
  const { t } = useTranslation();
  const problem = useProblem();
  const verify = useVerifyEmail();
  const [token] = useState(readTokenFromHash);
  const started = useRef(false);
  const valid = token !== null && LinkToken.safeParse(token).success;

  useEffect(() => {
    clearHash();
    // Strict mode mounts twice in development; the token is single-use, so POST once.
    if (!valid || started.current) return;
    started.current = true;
    verify.mutate(token);
  }, [token, valid, verify]);

  let body: ReactNode;
  if (!valid) body = <Alert>{t("errors.TOKEN_INVALID")}</Alert>;
  else if (verify.isSuccess) {
    body = (
      <>
        <Alert tone="success">{t("verifyEmail.verified")}</Alert>
        <p>
          <Link className="button" to="/sign-in">
            {t("verifyEmail.signIn")}
          </Link>
        </p>
      </>
    );
  } else if (verify.isError) {
    const code = verify.error instanceof ApiError ? verify.error.code : undefined;
    body = (
      <>
        <Alert>{problem.message(verify.error)}</Alert>
        {code === "TOKEN_USED" || code === "EMAIL_ALREADY_VERIFIED" ? (
          <p>
            <Link to="/sign-in">{t("verifyEmail.signIn")}</Link>
          </p>
        ) : (
          <p>
            <Link to="/register/check-email">{t("verifyEmail.requestNew")}</Link>
          </p>
        )}
      </>
    );
  } else body = <p role="status">{t("verifyEmail.verifying")}</p>;

  return (
    <section className="card narrow">
      <h1>{t("verifyEmail.title")}</h1>
      {body}
    </section>
  );
}
