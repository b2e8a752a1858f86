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
