import { ErrorCode } from "@portier/shared/errors";
import type { OtpKey, OtpStatus } from "@portier/shared/otp";
import { useQueryClient } from "@tanstack/react-query";
import { type ComponentProps, useEffect, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import type { z } from "zod";
import { Alert } from "../../../components/alert.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { queryKeys } from "../../../lib/query-keys.ts";
import { useFormat } from "../../../lib/use-format.ts";
import { useDeactivateOtp } from "../api/deactivate-otp.ts";
import { useShowOtpKey } from "../api/show-otp-key.ts";
import { OtpConfirmForm, type OtpCredentials } from "./otp-confirm-form.tsx";
import { OtpKeyView } from "./otp-key-view.tsx";

type Panel = "showKey" | "disable";

/**
 * OTP is on: since when, "Show key" (to add another device) and "Disable" — both
 * confirmed with the account password and a current code (SPEC §5).
 */
export function OtpEnabled({ status, onDeactivated }: { status: z.infer<typeof OtpStatus>; onDeactivated: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const showKey = useShowOtpKey();
  const deactivate = useDeactivateOtp();
  const [panel, setPanel] = useState<Panel | null>(null);
  const [shownKey, setShownKey] = useState<z.infer<typeof OtpKey> | null>(null);
  const keyTitle = useRef<HTMLHeadingElement>(null);
  const showKeyButton = useRef<HTMLButtonElement>(null);
  const disableButton = useRef<HTMLButtonElement>(null);
  const lastOpened = useRef<Panel | null>(null);

  // The key, or the buttons again, replace what was just used: move keyboard focus with them.
  useEffect(() => {
    if (shownKey) keyTitle.current?.focus();
    else if (panel === null && lastOpened.current) (lastOpened.current === "showKey" ? showKeyButton : disableButton).current?.focus();
  }, [panel, shownKey]);

  function open(which: Panel) {
    lastOpened.current = which;
    setPanel(which);
  }

  /** Back to the buttons; focus returns to the one that was used. */
  function close() {
    setPanel(null);
    setShownKey(null);
  }

  /** OTP turned off meanwhile (another tab or browser): the status shown is out of date. */
  const onError = (error: unknown) => {
    if (error instanceof ApiError && error.code === ErrorCode.OTP_NOT_ENABLED) {
      void queryClient.invalidateQueries({ queryKey: queryKeys.otpStatus });
    }
    throw error;
  };

  /** What each panel's confirmation says and does. */
  const confirmations = {
    showKey: {
      id: "otp-show-key",
      legend: t("security.otp.showKey.title"),
      submitLabel: t("security.otp.showKey.submit"),
      submittingLabel: t("security.otp.showKey.submitting"),
      children: <p>{t("security.otp.showKey.text")}</p>,
      onSubmit: (credentials: OtpCredentials) => showKey.mutateAsync(credentials).then(setShownKey, onError),
    },
    disable: {
      id: "otp-disable",
      legend: t("security.otp.disable.question"),
      submitLabel: t("security.otp.disable.submit"),
      submittingLabel: t("security.otp.disable.submitting"),
      danger: true,
      children: <p>{t("security.otp.disable.text")}</p>,
      onSubmit: (credentials: OtpCredentials) => deactivate.mutateAsync(credentials).then(onDeactivated, onError),
    },
  } satisfies Record<Panel, Omit<ComponentProps<typeof OtpConfirmForm>, "onCancel">>;

  return (
    <>
      <p>
        {status.enabledAt ? (
          <Trans
            i18nKey="security.otp.on"
            values={{ date: format.dateTime(status.enabledAt) }}
            components={{ time: <time dateTime={status.enabledAt} /> }}
          />
        ) : (
          t("security.otp.onNoDate")
        )}
      </p>
      {shownKey ? (
        <div className="otp-panel">
          <h3 ref={keyTitle} tabIndex={-1}>
            {t("security.otp.showKey.title")}
          </h3>
          <Alert tone="info">{t("security.otp.showKey.warning")}</Alert>
          <OtpKeyView otpKey={shownKey} />
          <button type="button" className="button button-secondary" onClick={close}>
            {t("security.otp.showKey.hide")}
          </button>
        </div>
      ) : panel ? (
        // Both confirmations ask for the password and a current code; a fresh form for each.
        <OtpConfirmForm key={panel} {...confirmations[panel]} focusOnMount onCancel={close} />
      ) : (
        <div className="button-row">
          <button ref={showKeyButton} type="button" className="button button-secondary" onClick={() => open("showKey")}>
            {t("security.otp.showKey.button")}
          </button>
          <button ref={disableButton} type="button" className="button button-secondary" onClick={() => open("disable")}>
            {t("security.otp.disable.button")}
          </button>
        </div>
      )}
    </>
  );
}
