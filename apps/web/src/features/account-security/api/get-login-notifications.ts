import { LoginNotificationSettings } from "@portier/shared/login-notifications";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** Under the account's key: whatever refreshes the account (e.g. a verified phone) refreshes this too. */
export const loginNotificationsQueryKey = ["account", "login-notifications"] as const;

/** When sign-ins are emailed, whether they must be confirmed, and whether confirmation can be switched on (SPEC §4). */
export const getLoginNotifications = () => api("/account/login-notifications", { schema: LoginNotificationSettings });

export const loginNotificationsQueryOptions = () =>
  queryOptions({ queryKey: loginNotificationsQueryKey, queryFn: getLoginNotifications, staleTime: 0 });

export const useLoginNotifications = () => useQuery(loginNotificationsQueryOptions());
