import { SUPPORT_REQUEST_TYPES, SupportRequestCreate, type SupportRequestType } from "@portier/shared/support";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { TextAreaField, TextField } from "../../../components/field.tsx";
import { useFocusFirstError } from "../../../lib/focus-first-error.ts";
import { type FormErrors, noErrors, useProblem } from "../../../lib/problem.ts";
import { useCreateSupportRequest } from "../api/create-request.ts";

const FIELDS = ["type", "contactEmail", "loginEmail", "newEmail", "phone", "details", "captcha"] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Exclude<Field, "type" | "captcha">, string>;

/** The fields each type of request asks for, in the order of the form. */
const FIELDS_OF: Record<SupportRequestType, readonly (keyof Values)[]> = {
  otp_disable: ["loginEmail", "phone", "details"],
  email_hint: ["details", "phone"],
  email_change: ["loginEmail", "newEmail", "phone", "details"],
};

const isType = (value: string | null): value is SupportRequestType => SUPPORT_REQUEST_TYPES.includes(value as SupportRequestType);

/**
 * The support request form (SPEC §9; seeds 001, 002, 004): when self-service cannot
 * help. The answer is a reference number, also emailed to the contact address; whether
 * an account matches is never shown. `?type=otp_disable` preselects a type (the OTP
 * pages link here that way).
 */
export function SupportPage() {
  const { t, i18n } = useTranslation();
  const problem = useProblem();
  const [params] = useSearchParams();
  const create = useCreateSupportRequest();
  const form = useRef<HTMLFormElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  const preselected = params.get("type");
  const [type, setType] = useState<SupportRequestType>(isType(preselected) ? preselected : "otp_disable");
  const [values, setValues] = useState<Values>({ contactEmail: "", loginEmail: "", newEmail: "", phone: "", details: "" });
  const [captcha, setCaptcha] = useState<string | null>(null);
  const [captchaKey, setCaptchaKey] = useState(0);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [done, setDone] = useState<{ reference: string; contactEmail: string } | null>(null);
  useFocusFirstError(form, errors);

  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const set = (field: keyof Values) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const body: Record<string, string> = { type, contactEmail: values.contactEmail, captcha: captcha ?? "" };
    // An empty field is left out: an optional one is then absent, a required one reported missing.
    for (const field of FIELDS_OF[type]) if (values[field].trim() !== "") body[field] = values[field];
    body.locale = i18n.language === "cs" ? "cs" : "en";
    const parsed = SupportRequestCreate.safeParse(body);
    if (!parsed.success) {
      const fields: FormErrors["fields"] = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "");
        const code = (issue as { params?: { code?: string } }).params?.code;
        fields[field] ??=
          field === "captcha"
            ? t("validation.captcha")
            : t(code === "SAME_EMAIL" ? "support.validation.sameEmail" : `support.validation.${field}`);
      }
      return setErrors({ fields });
    }
    setErrors(noErrors);
    create.mutate(parsed.data, {
      onSuccess: (result) => setDone({ reference: result.reference, contactEmail: parsed.data.contactEmail }),
      onError: (error) => setErrors(problem.fromError(error, FIELDS)),
      // Each CAPTCHA solution is accepted once.
      onSettled: () => {
        setCaptcha(null);
        setCaptchaKey((k) => k + 1);
      },
    });
  }

  if (done) {
    return (
      <section className="card narrow">
        <div ref={doneRef} tabIndex={-1}>
          <h1>{t("support.sentTitle")}</h1>
          <p>
            {t("support.reference")} <strong data-testid="support-reference">{done.reference}</strong>
          </p>
          <p>{t("support.sent", { email: done.contactEmail })}</p>
          <Alert tone="info">{t("support.never")}</Alert>
        </div>
        <p>
          <Link to="/sign-in">{t("support.toSignIn")}</Link>
        </p>
      </section>
    );
  }

  const field = (name: keyof Values) => {
    const common = { name, value: values[name], onChange: set(name), error: errors.fields[name] };
    switch (name) {
      case "loginEmail":
        return (
          <TextField
            key={name}
            {...common}
            type="email"
            autoComplete="off"
            label={t(type === "email_change" ? "support.fields.oldEmail" : "support.fields.loginEmail")}
            hint={t(type === "email_change" ? "support.hints.oldEmail" : "support.hints.loginEmail")}
            required
          />
        );
      case "newEmail":
        return <TextField key={name} {...common} type="email" autoComplete="email" label={t("support.fields.newEmail")} required />;
      case "phone":
        return (
          <TextField
            key={name}
            {...common}
            type="tel"
            autoComplete="tel"
            label={t(type === "email_change" ? "support.fields.phone" : "support.fields.phoneOptional")}
            hint={t("support.hints.phone")}
            required={type === "email_change"}
          />
        );
      default:
        return (
          <TextAreaField
            key={name}
            {...common}
            label={t(type === "email_hint" ? "support.fields.service" : "support.fields.detailsOptional")}
            hint={t(type === "email_hint" ? "support.hints.service" : "support.hints.details")}
            maxLength={2000}
            required={type === "email_hint"}
          />
        );
    }
  };

  return (
    <section className="card narrow">
      <h1>{t("support.title")}</h1>
      <p className="muted">{t("support.intro")}</p>
      <form ref={form} onSubmit={onSubmit} noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <fieldset className="field">
          <legend className="label">{t("support.typeLegend")}</legend>
          {SUPPORT_REQUEST_TYPES.map((option) => (
            <div className="field-radio" key={option}>
              <input
                type="radio"
                id={`type-${option}`}
                name="type"
                value={option}
                checked={type === option}
                onChange={() => {
                  setType(option);
                  setErrors(noErrors);
                }}
              />
              <label htmlFor={`type-${option}`}>{t(`support.types.${option}`)}</label>
            </div>
          ))}
        </fieldset>
        {FIELDS_OF[type].map(field)}
        <TextField
          name="contactEmail"
          type="email"
          autoComplete="email"
          label={t("support.fields.contactEmail")}
          hint={t("support.hints.contactEmail")}
          value={values.contactEmail}
          onChange={set("contactEmail")}
          error={errors.fields.contactEmail}
          required
        />
        <Captcha key={captchaKey} onChange={setCaptcha} error={errors.fields.captcha} />
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? t("common.sending") : t("support.submit")}
        </button>
      </form>
      <p>
        <Link to="/sign-in">{t("support.toSignIn")}</Link>
      </p>
    </section>
  );
}
