import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { TextField } from "../../../components/field.tsx";
import { useProblem } from "../../../lib/problem.ts";
import { useMailboxMessages } from "../api/get-messages.ts";
import { MessageView } from "./message-view.tsx";

/** Development only: the messages the outbox would have emailed or texted (SPEC §8). */
export function MailboxPage() {
  const { t, i18n } = useTranslation();
  const problem = useProblem();
  const [params, setParams] = useSearchParams();
  const recipient = params.get("recipient") ?? "";
  const selectedId = params.get("id");
  const [filter, setFilter] = useState(recipient);
  const messages = useMailboxMessages(recipient);
  const list = messages.data?.messages ?? [];
  const selected = list.find((m) => m.id === selectedId) ?? null;

  function onFilter(event: FormEvent) {
    event.preventDefault();
    setParams(filter.trim() ? { recipient: filter.trim() } : {});
  }

  function select(id: string) {
    const next = new URLSearchParams(params);
    next.set("id", id);
    setParams(next);
  }

  return (
    <section className="mailbox">
      <h1>{t("devMailbox.title")}</h1>
      <p className="muted">{t("devMailbox.intro")}</p>
      <search>
        <form className="inline-form" onSubmit={onFilter}>
          <TextField
            name="recipient"
            type="search"
            label={t("devMailbox.filter")}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <button type="submit" className="button button-secondary">
            {t("devMailbox.apply")}
          </button>
        </form>
      </search>
      {messages.isError && <Alert>{problem.message(messages.error)}</Alert>}
      {messages.isSuccess && list.length === 0 && <p>{t("devMailbox.empty")}</p>}
      <div className="mailbox-columns">
        {list.length > 0 && (
          <ul className="message-list" aria-label={t("devMailbox.messages")}>
            {list.map((message) => (
              <li key={message.id}>
                <button
                  type="button"
                  className="message-item"
                  aria-current={message.id === selectedId ? "true" : undefined}
                  onClick={() => select(message.id)}
                >
                  <span className="message-subject">{message.subject ?? message.text}</span>
                  <span className="muted small">
                    {message.channel === "sms" ? t("devMailbox.sms") : t("devMailbox.email")} · {message.recipient} ·{" "}
                    {new Date(message.createdAt).toLocaleTimeString(i18n.language)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {selected && <MessageView message={selected} />}
      </div>
    </section>
  );
}
