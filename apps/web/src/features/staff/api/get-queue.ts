import { SupportQueue } from "@portier/shared/staff";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import { staffKeys } from "./staff-session.ts";

export const getQueue = (status: "open" | "closed") => api(`/staff/support-requests?status=${status}`, { schema: SupportQueue });

export const queueQueryOptions = (status: "open" | "closed") =>
  queryOptions({
    queryKey: staffKeys.queue(status),
    queryFn: () => getQueue(status),
    // Requests arrive all the time: read the queue afresh on every visit.
    staleTime: 0,
  });

export const useQueue = (status: "open" | "closed") => useQuery(queueQueryOptions(status));
