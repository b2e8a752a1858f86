import type { OtpKey } from "@portier/shared/otp";
import { toString as renderQrCode } from "qrcode";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";

/** The otpauth:// URI as an SVG image (drawn here: the key never goes to a third-party QR service). */
function useQrCode(uri: string): string | null {
  const [image, setImage] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    setImage(null);
    void renderQrCode(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 }).then((svg) => {
      if (current) setImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      current = false;
    };
  }, [uri]);
  return image;
}

/**
 * A shared key as the help articles describe it: a QR code to scan, and the key in
 * groups of 4 to type in by hand.
 */
export function OtpKeyView({ otpKey }: { otpKey: z.infer<typeof OtpKey> }) {
  const { t } = useTranslation();
  const qr = useQrCode(otpKey.otpauthUri);
  const [copied, setCopied] = useState(false);
  const canCopy = typeof navigator !== "undefined" && navigator.clipboard !== undefined;

  function copy() {
    // Apps accept the key with or without spaces; the plain one pastes everywhere.
    navigator.clipboard.writeText(otpKey.secret).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }

  return (
    <div className="otp-key">
      <div className="otp-qr">
        {qr ? (
          <img src={qr} alt={t("security.otp.key.qrAlt")} width={200} height={200} />
        ) : (
          <p role="status" className="muted">
            {t("security.otp.key.generating")}
          </p>
        )}
      </div>
      <div>
        <dl className="details compact">
          <div>
            <dt>{t("security.otp.key.label")}</dt>
            <dd>
              <code className="otp-secret" data-testid="otp-secret">
                {otpKey.secretGrouped}
              </code>
            </dd>
          </div>
        </dl>
        <p className="muted small">{t("security.otp.key.details")}</p>
        {canCopy && (
          <p>
            <button type="button" className="button button-secondary button-small" onClick={copy}>
              {t("security.otp.key.copy")}
            </button>{" "}
            <span role="status" className="muted small">
              {copied ? t("security.otp.key.copied") : ""}
            </span>
          </p>
        )}
      </div>
    </div>
  );
}
