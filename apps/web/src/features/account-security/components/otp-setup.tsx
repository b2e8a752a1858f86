import { ErrorCode } from "@portier/shared/errors";
import type { OtpKey } from "@portier/shared/otp";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Alert } from "../../../components/alert.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useProblem } from "../../../lib/problem.ts";
import { queryKeys } from "../../../lib/query-keys.ts";
import { useActivateOtp } from "../api/activate-otp.ts";
import { useSetupOtp } from "../api/setup-otp.ts";
import { OtpConfirmForm } from "./otp-confirm-form.tsx";
import { OtpKeyView } from "./otp-key-view.tsx";

/** Answers after which the key being set up is gone: the API discarded it (seeds), or it was never there. */
const KEY_DISCARDED: ReadonlySet<string> = new Set([ErrorCode.PASSWORD_INCORRECT, ErrorCode.OTP_INVALID, ErrorCode.OTP_SETUP_NOT_STARTED]);

/** Answers that mean the status shown is out of date (changed in another tab or browser). */
const STATUS_CHANGED: ReadonlySet<string> = new Set([ErrorCode.OTP_ALREADY_ENABLED, ErrorCode.OTP_PREREQUISITES_MISSING]);

type Phase = { name: "idle" } | { name: "setup"; key: z.infer<typeof OtpKey> } | { name: "discarded"; code: string };

/**
 * Setting OTP up, in the help articles' steps: "Set OTP" → scan the QR code or type the
 * shared key → the account password and a code from the app → "Activate". A wrong
 * password or code discards the key (the API does), so the page says to delete the
 * entry from the app and offers a new key.
 */
export function OtpSetup({ onActivated }: { onActivated: (recoveryCodes?: string[]) => void }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const queryClient = useQueryClient();
  const setup = useSetupOtp();
  const activate = useActivateOtp();
  const [phase, setPhase] = useState<Phase>({ name: "idle" });
  const [error, setError] = useState<string | null>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const discarded = useRef<HTMLDivElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const leftSetup = useRef(false);

  // Each phase replaces the controls of the last one: keep keyboard focus where the user now is.
  useEffect(() => {
    if (phase.name === "setup") title.current?.focus();
    else if (phase.name === "discarded") discarded.current?.focus();
    else if (leftSetup.current) start.current?.focus();
  }, [phase]);

  function startSetup() {
    setError(null);
    setup.mutate(undefined, {
      onSuccess: (key) => setPhase({ name: "setup", key }),
      onError: (e) => {
        if (e instanceof ApiError && e.code && STATUS_CHANGED.has(e.code))
          void queryClient.invalidateQueries({ queryKey: queryKeys.otpStatus });
        leftSetup.current = true;
        setPhase({ name: "idle" });
        setError(problem.message(e));
      },
    });
  }

  function cancel() {
    leftSetup.current = true;
    setPhase({ name: "idle" });
  }

  if (phase.name === "setup") {
    return (
      <div className="otp-panel">
        <h3 ref={title} tabIndex={-1}>
          {t("security.otp.setup.title")}
        </h3>
        <ol className="steps">
          <li>
            <p>{t("security.otp.setup.scan")}</p>
            <OtpKeyView otpKey={phase.key} />
            <p className="muted">{t("security.otp.setup.devices")}</p>
          </li>
          <li>
            <OtpConfirmForm
              key={phase.key.secret}
              id="otp-activate"
              legend={t("security.otp.setup.confirm")}
              submitLabel={t("security.otp.setup.activate")}
              submittingLabel={t("security.otp.setup.activating")}
              onCancel={cancel}
              onSubmit={(credentials) =>
                activate.mutateAsync(credentials).then(
                  (result) => onActivated(result.recoveryCodes),
                  (e: unknown) => {
                    const code = e instanceof ApiError ? e.code : undefined;
                    if (code && KEY_DISCARDED.has(code)) return setPhase({ name: "discarded", code });
                    if (code && STATUS_CHANGED.has(code)) void queryClient.invalidateQueries({ queryKey: queryKeys.otpStatus });
                    throw e;
                  },
                )
              }
            />
          </li>
        </ol>
      </div>
    );
  }

  return (
    <>
      <p>{t("security.otp.off")}</p>
      {error && <Alert>{error}</Alert>}
      {phase.name === "discarded" && (
        <div ref={discarded} tabIndex={-1} role="alert" className="alert alert-error">
          {phase.code === ErrorCode.OTP_SETUP_NOT_STARTED
            ? t("errors.OTP_SETUP_NOT_STARTED")
            : `${t(phase.code === ErrorCode.PASSWORD_INCORRECT ? "errors.PASSWORD_INCORRECT" : "errors.CODE_INVALID")} ${t("security.otp.setup.discarded")}`}
        </div>
      )}
      <button ref={start} type="button" className="button" disabled={setup.isPending} onClick={startSetup}>
        {setup.isPending
          ? t("security.otp.preparing")
          : phase.name === "discarded"
            ? t("security.otp.setup.restart")
            : t("security.otp.set")}
      </button>
    </>
  );
}
