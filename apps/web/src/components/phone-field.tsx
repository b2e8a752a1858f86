import type { ComponentProps } from "react";
import { useTranslation } from "react-i18next";
import { TextField } from "./field.tsx";

/** A mobile number in international format (SPEC §1), where the SMS code will go. */
export function PhoneField(props: Omit<ComponentProps<typeof TextField>, "type" | "hint">) {
  const { t } = useTranslation();
  return (
    <TextField
      type="tel"
      autoComplete="tel"
      inputMode="tel"
      hint={t("signup.phoneHint")}
      placeholder="+420 601 123 456"
      required
      {...props}
    />
  );
}
