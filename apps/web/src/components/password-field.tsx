import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@portier/shared/common";
import { type InputHTMLAttributes, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { TextField } from "./field.tsx";

interface PasswordFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "type"> {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
}

/** A password input with a show/hide toggle (long passphrases are easier to type when visible). */
export function PasswordField(props: PasswordFieldProps) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <div className="password-field">
      <TextField {...props} type={visible ? "text" : "password"} spellCheck={false} autoCapitalize="off" />
      <button type="button" className="link-button password-toggle" aria-pressed={visible} onClick={() => setVisible((v) => !v)}>
        {visible ? t("common.hidePassword") : t("common.showPassword")}
      </button>
    </div>
  );
}

/** SPEC §1's password rules: the hint of every field that sets a new password. */
export function PasswordRules() {
  const { t } = useTranslation();
  return (
    <ul className="rules">
      <li>{t("signup.passwordRules.length", { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })}</li>
      <li>{t("signup.passwordRules.anyCharacters")}</li>
      <li>{t("signup.passwordRules.notCommon")}</li>
      <li>{t("signup.passwordRules.noContext")}</li>
    </ul>
  );
}

type PasswordInputProps = Omit<PasswordFieldProps, "label"> & { label?: ReactNode };

/** The account's password, asked again to confirm a change (or to sign in): "Password" unless labelled otherwise. */
export function CurrentPasswordField({ label, ...props }: PasswordInputProps) {
  const { t } = useTranslation();
  return <PasswordField autoComplete="current-password" required label={label ?? t("fields.password")} {...props} />;
}

/** A new password, with SPEC §1's rules as its hint: "New password" unless labelled otherwise. */
export function NewPasswordField({ label, ...props }: PasswordInputProps) {
  const { t } = useTranslation();
  return (
    <PasswordField autoComplete="new-password" required label={label ?? t("fields.newPassword")} hint={<PasswordRules />} {...props} />
  );
}

/** The new password typed twice (typed blind, a typo would lock the customer out); `id` prefixes the two ids. */
export function NewPasswordTwice({ password, again, id }: { password: PasswordInputProps; again: PasswordInputProps; id?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <NewPasswordField {...password} {...(id ? { id: `${id}-new` } : {})} />
      <PasswordField
        autoComplete="new-password"
        required
        label={t("fields.newPasswordAgain")}
        {...again}
        {...(id ? { id: `${id}-new-again` } : {})}
      />
    </>
  );
}
