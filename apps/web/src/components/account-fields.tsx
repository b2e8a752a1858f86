import type { ReactNode } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Form } from "../lib/use-form.ts";
import { Captcha } from "./captcha.tsx";
import { CheckboxField } from "./field.tsx";
import { NewPasswordField } from "./password-field.tsx";
import { PhoneField } from "./phone-field.tsx";

/** What a new account is made of besides its email (SPEC §1): sign-up and "Create a new account" after a Shared Login. */
export type AccountFieldValues = { phone: string; password: string; acceptTerms: boolean; captcha: string };

interface AccountFieldsProps {
  form: Form<AccountFieldValues>;
  /** Prefix of the field ids, where the page has other fields of the same name. */
  idPrefix?: string;
  passwordLabel: ReactNode;
}

/** The mobile phone, the new password with its rules, the terms and the CAPTCHA. */
export function AccountFields({ form, idPrefix = "field", passwordLabel }: AccountFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <PhoneField {...form.field("phone")} id={`${idPrefix}-phone`} label={t("fields.phone")} />
      <NewPasswordField {...form.field("password")} id={`${idPrefix}-password`} label={passwordLabel} />
      <CheckboxField
        {...form.checkbox("acceptTerms")}
        label={<Trans i18nKey="signup.acceptTerms" components={{ terms: <Link to="/terms" target="_blank" rel="noopener" /> }} />}
        required
      />
      <Captcha {...form.control("captcha")} />
    </>
  );
}
