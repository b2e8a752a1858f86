import { type PasswordChangeRequest, PasswordChangeResponse } from "@portier/shared/account-settings";
import { mutationOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import { useMutationRefreshing } from "../../../lib/mutations.ts";
import { queryKeys } from "../../../lib/query-keys.ts";

/** Sets a new password; the current password is asked again (throttled by the API). */
export const changePassword = (body: PasswordChangeRequest) =>
  api("/account/password", { method: "POST", body, schema: PasswordChangeResponse });

export const changePasswordMutationOptions = () =>
  mutationOptions({ mutationKey: ["account", "password", "change"], mutationFn: changePassword });

/** Other sessions may have ended: the session list is stale. */
export const useChangePassword = () => useMutationRefreshing(changePasswordMutationOptions(), queryKeys.sessions);
