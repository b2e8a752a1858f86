import { mutationOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import { useMutationRemovingRow } from "../../../lib/mutations.ts";
import { connectedServicesQueryOptions } from "./get-connected-services.ts";

export const revokeConnectedService = (clientId: string) =>
  api(`/account/connected-services/${encodeURIComponent(clientId)}`, { method: "DELETE" });

export const revokeConnectedServiceMutationOptions = () =>
  mutationOptions({ mutationKey: ["connected-services", "revoke"], mutationFn: revokeConnectedService });

/** The revoked service leaves the cached list at once; one already gone elsewhere refreshes the list. */
export const useRevokeConnectedService = () =>
  useMutationRemovingRow(revokeConnectedServiceMutationOptions(), connectedServicesQueryOptions().queryKey, (list, clientId) => ({
    services: list.services.filter((s) => s.clientId !== clientId),
  }));
