import { LinkToken } from "@portier/shared/common";
import { ErrorCode } from "@portier/shared/errors";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useProblem } from "../../../lib/problem.ts";
import { useFormat } from "../../../lib/use-format.ts";
import { useConfirmEmailChange, useInspectEmailChange } from "../api/email-change.ts";

/** Codes after which the link itself cannot be used. */
const LINK_PROBLEMS: ReadonlySet<string> = new Set([ErrorCode.TOKEN_INVALID, ErrorCode.TOKEN_EXPIRED, ErrorCode.TOKEN_USED]);

function readTokenFromHash(): string | null {
  return new URLSearchParams(window.location.hash.slice(1)).get("token");
}

/**
 * The link support sent to a customer's new login email: /support/confirm-email#token=…
 * (a fragment never reaches a server log or a Referer). Opening it changes nothing; the
 * page says what will happen, and the customer confirms with a button (a POST).
 */
export function ConfirmEmailPage() {
  const { t } = useTranslation();
  const problem = useProblem();
  const format = useFormat();
  const inspect = useInspectEmailChange();
  const confirm = useConfirmEmailChange();
  const [token] = useState(readTokenFromHash);
  const started = useRef(false);
  const valid = token !== null && LinkToken.safeParse(token).success;

  useEffect(() => {
    if (window.location.hash) window.history.replaceState(window.history.state, "", window.location.pathname);
    // Strict mode mounts twice in development: ask once.
    if (!valid || started.current) return;
    started.current = true;
    inspect.mutate(token);
  }, [token, valid, inspect]);

  const linkProblem = (error: unknown) => {
    const code = error instanceof ApiError ? error.code : undefined;
    return code && LINK_PROBLEMS.has(code) ? code : null;
  };

  let body: ReactNode;
  if (!valid) body = <Alert>{t("supportConfirm.invalid")}</Alert>;
  else if (confirm.isSuccess) {
    body = (
      <>
        <Alert tone="success">{t("supportConfirm.done", { email: confirm.data.email })}</Alert>
        <p>
          <Link className="button" to="/sign-in">
            {t("supportConfirm.signIn")}
          </Link>
        </p>
      </>
    );
  } else if (inspect.isError || confirm.isError) {
    const error = confirm.error ?? inspect.error;
    const code = linkProblem(error);
    body = (
      <Alert>
        {code === ErrorCode.TOKEN_EXPIRED
          ? t("supportConfirm.expired")
          : code === ErrorCode.TOKEN_USED
            ? t("supportConfirm.used")
            : code
              ? t("supportConfirm.invalid")
              : problem.message(error)}
      </Alert>
    );
  } else if (inspect.data) {
    body = (
      <>
        <p>{t("supportConfirm.intro", { email: inspect.data.email, reference: inspect.data.reference })}</p>
        <p className="muted">{t("supportConfirm.effect")}</p>
        <p className="muted">{t("supportConfirm.validUntil", { time: format.dateTime(inspect.data.expiresAt) })}</p>
        <button type="button" className="button" disabled={confirm.isPending} onClick={() => confirm.mutate(token)}>
          {confirm.isPending ? t("common.sending") : t("supportConfirm.submit")}
        </button>
      </>
    );
  } else body = <p role="status">{t("supportConfirm.checking")}</p>;

  return (
    <section className="card narrow">
      <h1>{t("supportConfirm.title")}</h1>
      {body}
    </section>
  );
}
