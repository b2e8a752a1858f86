/**
 * The self-hosted proof-of-work CAPTCHA (ALTCHA, SPEC §8). The widget fetches a
 * challenge from the API, solves it in web workers as soon as it loads, and hands
 * over a payload that the form sends as `captcha`. It is a controlled field: `value` is
 * the payload ("" while unsolved). A solved challenge is accepted once: when the form
 * clears the value (useForm does after each submit), the widget is replaced by a fresh one,
 * which fetches and solves a new challenge.
 */
import type {} from "altcha/types/react";
import { Fragment, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { usePublicConfig } from "../lib/public-config.ts";

interface CaptchaProps {
  /** The solution's payload; "" while there is none. */
  value: string;
  onChange: (payload: string) => void;
  error?: string | undefined;
  id?: string;
}

export const CAPTCHA_CHALLENGE_URL = "/api/v1/captcha/challenge";

/** The registry the widget looks its proof-of-work workers up in. */
type AltchaGlobal = { $altcha: { algorithms: Map<string, () => Worker> } };

/**
 * The widget (~250 kB) is loaded on the pages that show it; it upgrades <altcha-widget> in
 * place. The SPA's Content-Security-Policy (ADR 020) allows no injected <style> and no
 * workers from blob: URLs, which the default build uses: this is the "external" build,
 * with its stylesheet bundled and its SHA worker served as a file of this origin. The
 * worker is registered as soon as the widget's module has run — before the widget can
 * have fetched a challenge to solve.
 */
async function loadWidget() {
  const [{ default: ShaWorker }] = await Promise.all([import("altcha/workers/sha?worker"), import("altcha/altcha.css")]);
  await import("altcha/external");
  const { algorithms } = (globalThis as unknown as AltchaGlobal).$altcha;
  for (const algorithm of ["SHA-256", "SHA-384", "SHA-512"]) algorithms.set(algorithm, () => new ShaWorker());
  await import("altcha/i18n/cs");
}

export function Captcha({ value, onChange, error, id = "captcha" }: CaptchaProps) {
  const { t, i18n } = useTranslation();
  const config = usePublicConfig();
  const widget = useRef<HTMLElement>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  // The payload this widget handed over last: the value leaving it for "" is the form's doing.
  const handedOver = useRef("");
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (value === "" && handedOver.current !== "") {
      handedOver.current = "";
      setGeneration((g) => g + 1);
    }
  }, [value]);

  useEffect(() => {
    void loadWidget();
  }, []);

  useEffect(() => {
    const element = widget.current;
    if (!element) return;
    const listener = (event: Event) => {
      const { state, payload } = (event as CustomEvent<{ state: string; payload?: string | null }>).detail;
      handedOver.current = state === "verified" && payload ? payload : "";
      onChangeRef.current(handedOver.current);
    };
    element.addEventListener("statechange", listener);
    return () => element.removeEventListener("statechange", listener);
  }, [config.data, generation]);

  const errorId = `${id}-error`;
  const provider = config.data?.captcha.provider;
  return (
    <fieldset className="field" aria-describedby={error ? errorId : undefined}>
      <legend className="label">{t("captcha.label")}</legend>
      {provider === "altcha" ? (
        <Fragment key={generation}>
          <altcha-widget ref={widget} id={id} challenge={CAPTCHA_CHALLENGE_URL} auto="onload" language={i18n.language} name="captcha" />
        </Fragment>
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
