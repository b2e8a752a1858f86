import { EmailChangeConfirmResponse, type EmailChangeRequest, EmailChangeResponse } from "@portier/shared/account-settings";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api, postToken } from "../../../lib/api-client.ts";
import { useMutationRefreshing } from "../../../lib/mutations.ts";
import { queryKeys } from "../../../lib/query-keys.ts";

/** Emails a link to the new address; the same answer whether or not the address is free. */
export const requestEmailChange = (body: EmailChangeRequest) =>
  api("/account/email/change", { method: "POST", body, schema: EmailChangeResponse });

/** The emailed link's token, POSTed from the page (a GET never changes anything). */
export const confirmEmailChange = postToken("/account/email/confirm", EmailChangeConfirmResponse);

export const requestEmailChangeMutationOptions = () =>
  mutationOptions({ mutationKey: ["account", "email", "change"], mutationFn: requestEmailChange });

export const confirmEmailChangeMutationOptions = () =>
  mutationOptions({ mutationKey: ["account", "email", "confirm"], mutationFn: confirmEmailChange });

export const useRequestEmailChange = () => useMutation(requestEmailChangeMutationOptions());

/** The login email changed: a signed-in tab's account view is stale. */
export const useConfirmEmailChange = () => useMutationRefreshing(confirmEmailChangeMutationOptions(), queryKeys.account);
