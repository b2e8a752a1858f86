/**
 * The self-hosted proof-of-work CAPTCHA (ALTCHA, SPEC §8). The widget fetches a
 * challenge from the API, solves it in web workers as soon as it loads, and hands
 * over a payload that the form sends as `captcha`. A solved challenge is accepted
 * once: after a failed submit, remount this component (change its `key`).
 */
import type {} from "altcha/types/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { usePublicConfig } from "../lib/public-config.ts";

interface CaptchaProps {
  onChange: (payload: string | null) => void;
  error?: string | undefined;
  id?: string;
}

export const CAPTCHA_CHALLENGE_URL = "/api/v1/captcha/challenge";

/** The widget (~250 kB) is loaded on the pages that show it; it upgrades <altcha-widget> in place. */
const loadWidget = () => import("altcha").then(() => import("altcha/i18n/cs"));

export function Captcha({ onChange, error, id = "captcha" }: CaptchaProps) {
  const { t, i18n } = useTranslation();
  const config = usePublicConfig();
  const widget = useRef<HTMLElement>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    void loadWidget();
  }, []);

  useEffect(() => {
    const element = widget.current;
    if (!element) return;
    const listener = (event: Event) => {
      const { state, payload } = (event as CustomEvent<{ state: string; payload?: string | null }>).detail;
      onChangeRef.current(state === "verified" && payload ? payload : null);
    };
    element.addEventListener("statechange", listener);
    return () => element.removeEventListener("statechange", listener);
  }, [config.data]);

  const errorId = `${id}-error`;
  const provider = config.data?.captcha.provider;
  return (
    <fieldset className="field" aria-describedby={error ? errorId : undefined}>
      <legend className="label">{t("captcha.label")}</legend>
      {provider === "altcha" ? (
        <altcha-widget ref={widget} id={id} challenge={CAPTCHA_CHALLENGE_URL} auto="onload" language={i18n.language} name="captcha" />
      ) : config.isError ? (
        <p className="field-error">{t("captcha.unavailable")}</p>
      ) : provider ? (
        <p className="field-error">{t("captcha.unsupported", { provider })}</p>
      ) : (
        <p className="muted">{t("common.loading")}</p>
      )}
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
