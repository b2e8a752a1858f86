import { PublicConfig } from "@portier/shared/auth";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "./api-client.ts";
import { queryKeys } from "./query-keys.ts";

export const getPublicConfig = () => api("/config", { schema: PublicConfig });

export const publicConfigQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.config, queryFn: getPublicConfig, staleTime: Number.POSITIVE_INFINITY });

export const usePublicConfig = () => useQuery(publicConfigQueryOptions());
