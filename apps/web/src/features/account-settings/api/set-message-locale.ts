import { type MessageLocaleRequest, MessageLocaleResponse } from "@portier/shared/account-settings";
import { mutationOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import { queryKeys } from "../../../lib/query-keys.ts";

/** The language of the emails and SMS the account receives (not the page's). */
export const setMessageLocale = (body: MessageLocaleRequest) =>
  api("/account/message-locale", { method: "PUT", body, schema: MessageLocaleResponse });

export const setMessageLocaleMutationOptions = () =>
  mutationOptions({ mutationKey: ["account", "message-locale"], mutationFn: setMessageLocale });

/** The account view names the language (the Overview shows it): refreshed after a change. */
export const useSetMessageLocale = () => {
  const queryClient = useQueryClient();
  return useMutation({
    ...setMessageLocaleMutationOptions(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.account }),
  });
};
