import { MailboxList } from "@portier/shared/dev-mailbox";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import { queryKeys } from "../../../lib/query-keys.ts";

export const getMailboxMessages = (recipient: string) => {
  const query = new URLSearchParams({ limit: "50" });
  if (recipient) query.set("recipient", recipient);
  return api(`/dev/mailbox?${query}`, { schema: MailboxList });
};

/** Polls: messages arrive from the outbox dispatcher a moment after the action. */
export const mailboxQueryOptions = (recipient: string) =>
  queryOptions({
    queryKey: queryKeys.mailbox(recipient),
    queryFn: () => getMailboxMessages(recipient),
    refetchInterval: 2000,
    retry: false,
  });

export const useMailboxMessages = (recipient: string) => useQuery(mailboxQueryOptions(recipient));
