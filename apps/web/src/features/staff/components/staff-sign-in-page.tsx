import { StaffSignInRequest } from "@portier/shared/staff";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { CardPage } from "../../../components/card-page.tsx";
import { CodeField } from "../../../components/code-entry.tsx";
import { TextField } from "../../../components/field.tsx";
import { Form } from "../../../components/form.tsx";
import { CurrentPasswordField } from "../../../components/password-field.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { useProblem } from "../../../lib/problem.ts";
import { useForm } from "../../../lib/use-form.ts";
import { useStaffSignIn } from "../api/staff-session.ts";

/** Staff sign-in: email, password and the authenticator code together (OTP is mandatory for staff). */
export function StaffSignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state as { from?: string; reason?: string } | null) ?? {};
  const problem = useProblem();
  const signIn = useStaffSignIn();
  const form = useForm({
    schema: StaffSignInRequest,
    initial: { email: "", password: "", code: "" },
    message: (field) => t(field === "code" ? "staff.validation.code" : `validation.${field}`),
  });

  const onSubmit = form.onSubmit(async (request) => {
    try {
      await signIn.mutateAsync(request);
    } catch (error) {
      form.setValue("code", "");
      throw error;
    }
    navigate(state.from?.startsWith("/staff") ? state.from : "/staff", { replace: true });
  });

  return (
    <CardPage title={t("staff.signIn.title")}>
      <p className="muted">{t("staff.signIn.intro")}</p>
      {state.reason && <Alert>{problem.codeMessage(state.reason)}</Alert>}
      <Form form={form} onSubmit={onSubmit}>
        <TextField {...form.field("email")} type="email" autoComplete="username" label={t("fields.email")} required />
        <CurrentPasswordField {...form.field("password")} />
        <CodeField {...form.control("code")} label={t("staff.signIn.code")} hint={t("staff.signIn.codeHint")} />
        <SubmitButton pending={form.pending} pendingLabel={t("signIn.submitting")}>
          {t("staff.signIn.submit")}
        </SubmitButton>
      </Form>
    </CardPage>
  );
}
