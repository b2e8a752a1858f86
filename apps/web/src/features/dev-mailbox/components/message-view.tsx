import type { MailboxMessage } from "@portier/shared/dev-mailbox";
import { useTranslation } from "react-i18next";
import { LinkifiedText } from "./linkified-text.tsx";

/**
 * One captured message. The HTML part is rendered in a fully sandboxed iframe (no
 * scripts, no same-origin access, no navigation): message HTML is untrusted content.
 */
export function MessageView({ message }: { message: MailboxMessage }) {
  const { t, i18n } = useTranslation();
  return (
    <article className="message" aria-labelledby="message-subject">
      <h2 id="message-subject">{message.subject ?? t("devMailbox.sms")}</h2>
      <dl className="details compact">
        <div>
          <dt>{t("devMailbox.to")}</dt>
          <dd>{message.recipient}</dd>
        </div>
        <div>
          <dt>{t("devMailbox.template")}</dt>
          <dd>
            <code>{message.template}</code> ({message.channel}, {message.status})
          </dd>
        </div>
        <div>
          <dt>{t("devMailbox.date")}</dt>
          <dd>{new Date(message.createdAt).toLocaleString(i18n.language)}</dd>
        </div>
      </dl>
      <h3>{t("devMailbox.text")}</h3>
      <LinkifiedText text={message.text} />
      {message.html && (
        <>
          <h3>{t("devMailbox.html")}</h3>
          <iframe className="message-html" title={t("devMailbox.htmlFrame")} sandbox="" srcDoc={message.html} />
        </>
      )}
    </article>
  );
}
