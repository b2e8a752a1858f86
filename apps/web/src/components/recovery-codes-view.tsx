import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

/**
 * A new set of recovery codes, shown this once (issue 17): the codes in a list, with
 * Print and Download (a text file), and "Done" once they are kept somewhere safe.
 */
export function RecoveryCodesView({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);

  function download() {
    const text = `${t("recoveryCodes.fileHeading", { host: window.location.host })}\n\n${codes.join("\n")}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "portier-recovery-codes.txt";
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <div className="callout recovery-codes">
      <h3 ref={title} tabIndex={-1}>
        {t("recoveryCodes.newTitle")}
      </h3>
      <p>{t("recoveryCodes.shownOnce")}</p>
      <ol className="recovery-code-list" aria-label={t("recoveryCodes.listLabel")}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={() => window.print()}>
          {t("recoveryCodes.print")}
        </button>
        <button type="button" className="button button-secondary" onClick={download}>
          {t("recoveryCodes.download")}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t("recoveryCodes.done")}
        </button>
      </div>
    </div>
  );
}
