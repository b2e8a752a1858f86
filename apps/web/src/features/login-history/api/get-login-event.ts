import { LoginEventDetail } from "@portier/shared/login-history";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** One row of the history with every field, the raw User-Agent included. */
export const getLoginEvent = (id: string) => api(`/account/login-history/${encodeURIComponent(id)}`, { schema: LoginEventDetail });

export const loginEventQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ["login-history", "event", id] as const,
    queryFn: () => getLoginEvent(id),
  });

export const useLoginEvent = (id: string) => useQuery(loginEventQueryOptions(id));
