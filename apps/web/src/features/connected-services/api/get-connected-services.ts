import { ConnectedServicesResponse } from "@portier/shared/oidc";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

export const getConnectedServices = () => api("/account/connected-services", { schema: ConnectedServicesResponse });

export const connectedServicesQueryOptions = () =>
  queryOptions({
    queryKey: ["account", "connected-services"],
    queryFn: getConnectedServices,
    // A service may be allowed in another tab at any moment: read afresh on every visit.
    staleTime: 0,
  });

export const useConnectedServices = () => useQuery(connectedServicesQueryOptions());
