import { SignupRequest } from "@portier/shared/signup";
import { Trans, useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { AccountFields } from "../../../components/account-fields.tsx";
import { CardPage } from "../../../components/card-page.tsx";
import { TextField } from "../../../components/field.tsx";
import { Form } from "../../../components/form.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { requestLocale } from "../../../lib/i18n.ts";
import { useForm } from "../../../lib/use-form.ts";
import { useSignup } from "../api/signup.ts";

export function SignupPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const signup = useSignup();
  const form = useForm({
    schema: SignupRequest,
    initial: { email: "", phone: "", password: "", acceptTerms: false, captcha: "" },
    request: (values) => ({ ...values, locale: requestLocale(i18n.language) }),
  });

  const onSubmit = form.onSubmit(async (request) => {
    const result = await signup.mutateAsync(request);
    navigate("/register/check-email", { state: { email: result.email } });
  });

  return (
    <CardPage title={t("signup.title")}>
      <p className="muted">{t("signup.intro")}</p>
      <Form form={form} onSubmit={onSubmit}>
        <TextField {...form.field("email")} type="email" autoComplete="email" label={t("fields.email")} required />
        <AccountFields form={form} passwordLabel={t("fields.password")} />
        <SubmitButton pending={form.pending}>{t("signup.submit")}</SubmitButton>
      </Form>
      <p>
        <Trans i18nKey="signup.haveAccount" components={{ signIn: <Link to="/sign-in" /> }} />
      </p>
    </CardPage>
  );
}
