import { SUPPORT_REQUEST_TYPES, SupportRequestCreate, type SupportRequestType } from "@portier/shared/support";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { Captcha } from "../../../components/captcha.tsx";
import { CardPage } from "../../../components/card-page.tsx";
import { TextAreaField, TextField } from "../../../components/field.tsx";
import { Form } from "../../../components/form.tsx";
import { LinkLine } from "../../../components/link-line.tsx";
import { RadioGroup } from "../../../components/radio-group.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { requestLocale } from "../../../lib/i18n.ts";
import { noErrors } from "../../../lib/problem.ts";
import { useForm } from "../../../lib/use-form.ts";
import { useCreateSupportRequest } from "../api/create-request.ts";

type Values = {
  type: SupportRequestType;
  contactEmail: string;
  loginEmail: string;
  newEmail: string;
  phone: string;
  details: string;
  captcha: string;
};

/** The fields each type of request asks for, in the order of the form. */
const FIELDS_OF: Record<SupportRequestType, readonly ("loginEmail" | "newEmail" | "phone" | "details")[]> = {
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
  const [params] = useSearchParams();
  const create = useCreateSupportRequest();
  const doneRef = useRef<HTMLDivElement>(null);
  const preselected = params.get("type");
  const [done, setDone] = useState<{ reference: string; contactEmail: string } | null>(null);
  const initial: Values = {
    type: isType(preselected) ? preselected : "otp_disable",
    contactEmail: "",
    loginEmail: "",
    newEmail: "",
    phone: "",
    details: "",
    captcha: "",
  };
  const form = useForm({
    schema: SupportRequestCreate,
    initial,
    request: (values) => {
      const body: Record<string, string> = { type: values.type, contactEmail: values.contactEmail, captcha: values.captcha };
      // An empty field is left out: an optional one is then absent, a required one reported missing.
      for (const field of FIELDS_OF[values.type]) if (values[field].trim() !== "") body[field] = values[field];
      body.locale = requestLocale(i18n.language);
      return body;
    },
    message: (field, code) =>
      field === "captcha"
        ? t("validation.captcha")
        : t(code === "SAME_EMAIL" ? "support.validation.sameEmail" : `support.validation.${field}`),
  });
  const type = form.values.type;

  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const onSubmit = form.onSubmit(async (request) => {
    const result = await create.mutateAsync(request);
    setDone({ reference: result.reference, contactEmail: request.contactEmail });
  });

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
        <LinkLine to="/sign-in">{t("support.toSignIn")}</LinkLine>
      </section>
    );
  }

  const emailChange = type === "email_change";
  /** The one-line fields, as the chosen type asks for them. */
  const inputs = {
    loginEmail: {
      type: "email",
      autoComplete: "off",
      label: t(emailChange ? "support.fields.oldEmail" : "support.fields.loginEmail"),
      hint: t(emailChange ? "support.hints.oldEmail" : "support.hints.loginEmail"),
      required: true,
    },
    newEmail: { type: "email", autoComplete: "email", label: t("support.fields.newEmail"), required: true },
    phone: {
      type: "tel",
      autoComplete: "tel",
      label: t(emailChange ? "support.fields.phone" : "support.fields.phoneOptional"),
      hint: t("support.hints.phone"),
      required: emailChange,
    },
  };
  const field = (name: (typeof FIELDS_OF)[SupportRequestType][number]) =>
    name === "details" ? (
      <TextAreaField
        key={name}
        {...form.field(name)}
        label={t(type === "email_hint" ? "support.fields.service" : "support.fields.detailsOptional")}
        hint={t(type === "email_hint" ? "support.hints.service" : "support.hints.details")}
        maxLength={2000}
        required={type === "email_hint"}
      />
    ) : (
      <TextField key={name} {...form.field(name)} {...inputs[name]} />
    );

  return (
    <CardPage title={t("support.title")}>
      <p className="muted">{t("support.intro")}</p>
      <Form form={form} onSubmit={onSubmit}>
        <RadioGroup
          legend={t("support.typeLegend")}
          name="type"
          idPrefix="type"
          options={SUPPORT_REQUEST_TYPES.map((option) => ({ value: option, label: t(`support.types.${option}`) }))}
          value={type}
          onChange={(option) => {
            form.setValue("type", option);
            form.setErrors(noErrors);
          }}
        />
        {FIELDS_OF[type].map(field)}
        <TextField
          {...form.field("contactEmail")}
          type="email"
          autoComplete="email"
          label={t("support.fields.contactEmail")}
          hint={t("support.hints.contactEmail")}
          required
        />
        <Captcha {...form.control("captcha")} />
        <SubmitButton pending={form.pending}>{t("support.submit")}</SubmitButton>
      </Form>
      <LinkLine to="/sign-in">{t("support.toSignIn")}</LinkLine>
    </CardPage>
  );
}
