import { AccountView } from "@portier/shared/account";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { ApiError, api } from "../../../lib/api-client.ts";
import { queryKeys } from "../../../lib/query-keys.ts";

export const getAccount = () => api("/account", { schema: AccountView });

export const accountQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.account,
    queryFn: getAccount,
    // A 401 is an answer (signed out), not a glitch worth retrying.
    retry: (failures, error) => !(error instanceof ApiError && error.status === 401) && failures < 2,
  });

export const useAccount = () => useQuery(accountQueryOptions());
