import { mutationOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, api } from "../../../lib/api-client.ts";
import { sessionsQueryOptions } from "./get-sessions.ts";

export const revokeSession = (id: string) => api(`/sessions/${encodeURIComponent(id)}`, { method: "DELETE" });

export const revokeSessionMutationOptions = () => mutationOptions({ mutationKey: ["sessions", "revoke"], mutationFn: revokeSession });

/**
 * The ended session leaves the cached list at once, without a refetch: after ending
 * this browser's own session a refetch would only answer 401.
 */
export const useRevokeSession = () => {
  const queryClient = useQueryClient();
  const { queryKey } = sessionsQueryOptions();
  return useMutation({
    ...revokeSessionMutationOptions(),
    onSuccess: (_data, id) => {
      queryClient.setQueryData(queryKey, (list) => list && { sessions: list.sessions.filter((s) => s.id !== id) });
    },
    onError: (error) => {
      // Already gone (ended elsewhere or timed out): show the list as it is now.
      if (error instanceof ApiError && error.status === 404) void queryClient.invalidateQueries({ queryKey });
    },
  });
};
