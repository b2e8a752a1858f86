import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { CardPage } from "../../../components/card-page.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { API_SCOPE_KEY } from "../../../lib/oauth-scopes.ts";
import { interactionPath, interactionQueryOptions } from "../../../lib/oidc-interaction.ts";
import { useProblem } from "../../../lib/problem.ts";
import { useAnswerConsent } from "../api/answer-consent.ts";

/**
 * Sign in with Portier (SPEC §11): a third-party service asks to sign the customer in.
 * The page says which service and what it would receive; Allow or Deny goes back to the
 * provider, which answers the service. First-party services never ask.
 */
export function ConsentPage() {
  const { t } = useTranslation();
  const problem = useProblem();
  const { uid = "" } = useParams();
  const path = interactionPath(uid);
  const interaction = useQuery(interactionQueryOptions(path));
  const answer = useAnswerConsent(path);
  const signInAgain = `/sign-in?${new URLSearchParams({ continue: path })}`;

  // The answer leads back to the provider (a server address, not a page of this app).
  useEffect(() => {
    if (answer.data) window.location.assign(answer.data.redirectTo);
  }, [answer.data]);

  if (interaction.isPending) {
    return (
      <CardPage title={t("signInWithPortier.consent.title")}>
        <p role="status">{t("common.loading")}</p>
      </CardPage>
    );
  }
  if (interaction.isError) {
    return (
      <CardPage title={t("signInWithPortier.consent.title")}>
        <Alert>{problem.message(interaction.error)}</Alert>
      </CardPage>
    );
  }

  const { client, scopes, apiScopes, signedInAs } = interaction.data;
  const service = client.name;
  const sessionGone = !signedInAs || (answer.error instanceof ApiError && answer.error.status === 401);
  return (
    <CardPage title={t("signInWithPortier.consent.heading", { service })}>
      {signedInAs && <p>{t("signInWithPortier.consent.signedInAs", { email: signedInAs })}</p>}
      {scopes.length > 0 ? (
        <>
          <p id="consent-scopes">{t("signInWithPortier.consent.intro", { service })}</p>
          <ul aria-labelledby="consent-scopes">
            {scopes.map((scope) => (
              <li key={scope}>{t(`signInWithPortier.consent.scopes.${scope}`)}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t("signInWithPortier.consent.onlyIdentifier", { service })}</p>
      )}
      {apiScopes.length > 0 && (
        <>
          <p id="consent-api-scopes">{t("signInWithPortier.consent.apiIntro", { service })}</p>
          <ul aria-labelledby="consent-api-scopes">
            {apiScopes.map((scope) => (
              <li key={scope}>{t(`signInWithPortier.consent.apiScopes.${API_SCOPE_KEY[scope]}`)}</li>
            ))}
          </ul>
        </>
      )}
      <p className="muted">{t("signInWithPortier.consent.revokeLater")}</p>
      {answer.isError && <Alert>{problem.message(answer.error)}</Alert>}
      {sessionGone ? (
        <p>
          <Link className="button" to={signInAgain}>
            {t("signIn.submit")}
          </Link>
        </p>
      ) : (
        <div className="button-row">
          <button type="button" className="button" disabled={answer.isPending || answer.isSuccess} onClick={() => answer.mutate("allow")}>
            {answer.isPending && answer.variables === "allow"
              ? t("signInWithPortier.consent.sending")
              : t("signInWithPortier.consent.allow")}
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={answer.isPending || answer.isSuccess}
            onClick={() => answer.mutate("deny")}
          >
            {answer.isPending && answer.variables === "deny" ? t("signInWithPortier.consent.sending") : t("signInWithPortier.consent.deny")}
          </button>
        </div>
      )}
      <p>
        <Trans i18nKey="signInWithPortier.consent.notThisAccount" components={{ signIn: <Link to={signInAgain} /> }} />
      </p>
    </CardPage>
  );
}
