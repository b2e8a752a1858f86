import { StaffSignInRequest } from "@portier/shared/staff";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { TextField } from "../../../components/field.tsx";
import { PasswordField } from "../../../components/password-field.tsx";
import { useFocusFirstError } from "../../../lib/focus-first-error.ts";
import { type FormErrors, noErrors, useProblem } from "../../../lib/problem.ts";
import { useStaffSignIn } from "../api/staff-session.ts";

const FIELDS = ["email", "password", "code"] as const;

/** Staff sign-in: email, password and the authenticator code together (OTP is mandatory for staff). */
export function StaffSignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state as { from?: string; reason?: string } | null) ?? {};
  const problem = useProblem();
  const signIn = useStaffSignIn();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ email: "", password: "", code: "" });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  useFocusFirstError(form, errors);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = StaffSignInRequest.safeParse(values);
    if (!parsed.success) {
      const fields: FormErrors["fields"] = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "");
        fields[field] ??= t(field === "code" ? "staff.validation.code" : `validation.${field}`);
      }
      return setErrors({ fields });
    }
    setErrors(noErrors);
    signIn.mutate(parsed.data, {
      onSuccess: () => navigate(state.from?.startsWith("/staff") ? state.from : "/staff", { replace: true }),
      onError: (error) => {
        setErrors(problem.fromError(error, FIELDS));
        setValues((v) => ({ ...v, code: "" }));
      },
    });
  }

  return (
    <section className="card narrow">
      <h1>{t("staff.signIn.title")}</h1>
      <p className="muted">{t("staff.signIn.intro")}</p>
      {state.reason && <Alert>{problem.codeMessage(state.reason)}</Alert>}
      <form ref={form} onSubmit={onSubmit} noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <TextField
          name="email"
          type="email"
          autoComplete="username"
          label={t("fields.email")}
          value={values.email}
          onChange={(e) => setValues((v) => ({ ...v, email: e.target.value }))}
          error={errors.fields.email}
          required
        />
        <PasswordField
          name="password"
          autoComplete="current-password"
          label={t("fields.password")}
          value={values.password}
          onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))}
          error={errors.fields.password}
          required
        />
        <TextField
          name="code"
          label={t("staff.signIn.code")}
          hint={t("staff.signIn.codeHint")}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          className="code-input"
          value={values.code}
          onChange={(e) => setValues((v) => ({ ...v, code: e.target.value.replace(/\D/g, "") }))}
          error={errors.fields.code}
          required
        />
        <button type="submit" className="button" disabled={signIn.isPending}>
          {signIn.isPending ? t("signIn.submitting") : t("staff.signIn.submit")}
        </button>
      </form>
    </section>
  );
}
