import { SharedLoginProviders } from "@portier/shared/shared-login";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

export const getProviders = () => api("/shared-login/providers", { schema: SharedLoginProviders });

/** The configured providers change only with the API's configuration. */
export const providersQueryOptions = () =>
  queryOptions({ queryKey: ["shared-login", "providers"], queryFn: getProviders, staleTime: Infinity });

export const useProviders = () => useQuery(providersQueryOptions());
