import { mutationOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, api } from "../../../lib/api-client.ts";
import { connectedServicesQueryOptions } from "./get-connected-services.ts";

export const revokeConnectedService = (clientId: string) =>
  api(`/account/connected-services/${encodeURIComponent(clientId)}`, { method: "DELETE" });

export const revokeConnectedServiceMutationOptions = () =>
  mutationOptions({ mutationKey: ["connected-services", "revoke"], mutationFn: revokeConnectedService });

/** The revoked service leaves the cached list at once; one already gone elsewhere refreshes the list. */
export const useRevokeConnectedService = () => {
  const queryClient = useQueryClient();
  const { queryKey } = connectedServicesQueryOptions();
  return useMutation({
    ...revokeConnectedServiceMutationOptions(),
    onSuccess: (_data, clientId) => {
      queryClient.setQueryData(queryKey, (list) => list && { services: list.services.filter((s) => s.clientId !== clientId) });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 404) void queryClient.invalidateQueries({ queryKey });
    },
  });
};
