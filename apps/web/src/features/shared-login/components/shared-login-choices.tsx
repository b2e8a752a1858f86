import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import "./shared-login.css";
import { useProblem } from "../../../lib/problem.ts";
import { useProviders } from "../api/get-providers.ts";
import { useStartSignIn } from "../api/start.ts";

/**
 * "Sign in with another service" on the sign-in page (SPEC §7; seed 000: "choose one of
 * the supported services"). Nothing when no provider is configured.
 */
export function SharedLoginChoices() {
  const { t } = useTranslation();
  const problem = useProblem();
  const providers = useProviders();
  const start = useStartSignIn();
  const [error, setError] = useState<string | null>(null);
  const list = providers.data?.providers ?? [];
  if (list.length === 0) return null;

  function go(provider: string) {
    setError(null);
    start.mutate(provider, {
      // A full navigation: the provider's page, then back to /shared-login/callback.
      onSuccess: ({ authorizationUrl }) => window.location.assign(authorizationUrl),
      onError: (e) => setError(problem.message(e)),
    });
  }

  return (
    <section className="card narrow shared-login-card" aria-labelledby="shared-login-heading">
      <h2 id="shared-login-heading">{t("sharedLogin.choices.title")}</h2>
      <p className="muted">{t("sharedLogin.choices.intro")}</p>
      {error && <Alert>{error}</Alert>}
      <div className="button-row">
        {list.map((provider) => (
          <button
            key={provider.id}
            type="button"
            className="button button-secondary"
            disabled={start.isPending}
            onClick={() => go(provider.id)}
          >
            {provider.displayName}
          </button>
        ))}
      </div>
    </section>
  );
}
