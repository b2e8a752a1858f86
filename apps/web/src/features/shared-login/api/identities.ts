import { IdentityHistory, SharedLoginOverview, UnlinkResponse } from "@portier/shared/shared-login";
import { mutationOptions, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import { queryKeys } from "../../../lib/query-keys.ts";

/** Under the account's key: whatever refreshes the account refreshes this too. */
const overviewKey = [...queryKeys.account, "shared-login"] as const;

export const getOverview = () => api("/account/shared-login", { schema: SharedLoginOverview });

export const overviewQueryOptions = () => queryOptions({ queryKey: overviewKey, queryFn: getOverview, staleTime: 0 });

export const useOverview = () => useQuery(overviewQueryOptions());

export const getIdentityHistory = (id: string) =>
  api(`/account/shared-login/identities/${encodeURIComponent(id)}/history`, { schema: IdentityHistory });

export const identityHistoryQueryOptions = (id: string) =>
  queryOptions({ queryKey: [...overviewKey, "history", id], queryFn: () => getIdentityHistory(id), staleTime: 0 });

export const useIdentityHistory = (id: string) => useQuery(identityHistoryQueryOptions(id));

export const unlink = ({ id, password }: { id: string; password: string }) =>
  api(`/account/shared-login/identities/${encodeURIComponent(id)}/unlink`, { method: "POST", body: { password }, schema: UnlinkResponse });

/** After unlinking, the list is read afresh. */
export const useUnlink = () => {
  const queryClient = useQueryClient();
  return useMutation({
    ...mutationOptions({ mutationKey: ["shared-login", "unlink"], mutationFn: unlink }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: overviewKey }),
  });
};
