import type { SharedLoginCallbackResponse } from "@portier/shared/shared-login";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { CardPage } from "../../../components/card-page.tsx";
import { useProblem } from "../../../lib/problem.ts";
import type { SignInState } from "../../../lib/sign-in-state.ts";
import { type CallbackParams, completeCallback } from "../api/complete-callback.ts";

/** Where the provider sends the browser back (the redirect URI); read once per page load. */
function readAnswer(): CallbackParams {
  const query = new URLSearchParams(window.location.search);
  const answer: CallbackParams = {};
  const code = query.get("code");
  const state = query.get("state");
  const iss = query.get("iss");
  const error = query.get("error");
  const errorDescription = query.get("error_description");
  if (code) answer.code = code;
  if (state) answer.state = state;
  if (iss) answer.iss = iss;
  if (error) answer.error = error;
  if (errorDescription) answer.errorDescription = errorDescription;
  return answer;
}

// One exchange per answer, even when React runs the effect twice (development) or the
// page is mounted again: the API accepts each answer only once.
const exchanges = new Map<string, Promise<SharedLoginCallbackResponse>>();

/**
 * The redirect URI (`/shared-login/callback`): hands the provider's answer to the API,
 * removes it from the address bar, and goes on — to the account, the OTP step, the
 * confirmation wait, the "pair or create" page, or back to Shared Login after a link.
 */
export function SharedLoginCallbackPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const problem = useProblem();
  const queryClient = useQueryClient();
  // Read before the address bar is cleaned below.
  const [answer] = useState(() => ({ key: window.location.search, params: readAnswer() }));
  const [outcome, setOutcome] = useState<{ result: SharedLoginCallbackResponse } | { error: unknown } | null>(null);

  useEffect(() => {
    let exchange = exchanges.get(answer.key);
    if (!exchange) {
      exchange = completeCallback(answer.params);
      exchanges.set(answer.key, exchange);
    }
    // The code is spent either way; it should not stay in the history.
    if (window.location.search) window.history.replaceState(window.history.state, "", window.location.pathname);
    let active = true;
    exchange.then(
      (result) => active && setOutcome({ result }),
      (error: unknown) => active && setOutcome({ error }),
    );
    return () => {
      active = false;
    };
  }, [answer]);

  useEffect(() => {
    if (!outcome || !("result" in outcome)) return;
    const { result } = outcome;
    switch (result.status) {
      case "complete":
        // A new session starts with nothing cached from the last one (maybe another account's).
        queryClient.removeQueries();
        navigate("/account", { replace: true });
        break;
      case "otp_required":
        navigate("/sign-in/otp", { replace: true, state: {} satisfies SignInState });
        break;
      case "confirmation_required":
        navigate("/sign-in/confirm", { replace: true, state: {} satisfies SignInState });
        break;
      case "pending":
        navigate("/shared-login/pair", { replace: true });
        break;
      case "linked":
        void queryClient.invalidateQueries({ queryKey: ["account"] });
        navigate("/account/shared-login", { replace: true, state: { linked: result.provider.displayName } });
        break;
    }
  }, [outcome, navigate, queryClient]);

  const error = outcome && "error" in outcome ? outcome.error : null;
  return (
    <CardPage title={t("sharedLogin.callback.title")}>
      {error ? (
        <>
          <Alert>{problem.message(error)}</Alert>
          {/* A sign-in goes back to the sign-in page; a link started from the account, back there. */}
          <ul>
            <li>
              <Link to="/sign-in">{t("sharedLogin.callback.backToSignIn")}</Link>
            </li>
            <li>
              <Link to="/account/shared-login">{t("sharedLogin.callback.backToAccount")}</Link>
            </li>
          </ul>
        </>
      ) : (
        <p role="status">{t("sharedLogin.callback.working")}</p>
      )}
    </CardPage>
  );
}
