import { CreateAccountRequest, type PendingIdentity } from "@portier/shared/shared-login";
import { useQueryClient } from "@tanstack/react-query";
import { Trans, useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { AccountFields } from "../../../components/account-fields.tsx";
import { Form } from "../../../components/form.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { requestLocale } from "../../../lib/i18n.ts";
import { useForm } from "../../../lib/use-form.ts";
import { useCreateAccount } from "../api/pending.ts";

/**
 * "Create a new account" from the provider's verified email (SPEC §1 rules for the rest).
 * Signs in; the phone is verified next, on the account's Verify phone page.
 */
export function CreateAccountForm({ identity }: { identity: PendingIdentity }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useCreateAccount();
  const form = useForm({
    schema: CreateAccountRequest,
    initial: { phone: "", password: "", acceptTerms: false, captcha: "" },
    request: (values) => ({ ...values, locale: requestLocale(i18n.language) }),
  });
  const provider = identity.provider.displayName;

  const onSubmit = form.onSubmit(async (request) => {
    await create.mutateAsync(request);
    queryClient.removeQueries();
    navigate("/account/verify-phone", { replace: true });
  });

  return (
    <section className="card narrow shared-login-card" aria-labelledby="create-account-heading">
      <h2 id="create-account-heading">{t("sharedLogin.create.title")}</h2>
      {!identity.email || !identity.emailVerified ? (
        <p>
          <Trans i18nKey="sharedLogin.create.unverified" values={{ provider }} components={{ register: <Link to="/register" /> }} />
        </p>
      ) : (
        <>
          <p className="muted">{t("sharedLogin.create.intro", { provider, email: identity.email })}</p>
          <Form form={form} onSubmit={onSubmit}>
            <AccountFields form={form} idPrefix="create" passwordLabel={t("sharedLogin.create.password")} />
            <SubmitButton pending={form.pending}>{t("sharedLogin.create.submit")}</SubmitButton>
          </Form>
        </>
      )}
    </section>
  );
}
