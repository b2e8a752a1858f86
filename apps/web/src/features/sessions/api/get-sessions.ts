import { SessionList } from "@portier/shared/sessions";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import { queryKeys } from "../../../lib/query-keys.ts";

export const getSessions = () => api("/sessions", { schema: SessionList });

/** Another browser may sign in at any moment: read the list afresh on every visit. */
export const sessionsQueryOptions = () => queryOptions({ queryKey: queryKeys.sessions, queryFn: getSessions, staleTime: 0 });

export const useSessions = () => useQuery(sessionsQueryOptions());
