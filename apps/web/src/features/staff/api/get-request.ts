import { SupportRequestDetail } from "@portier/shared/staff";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import { staffKeys } from "./staff-session.ts";

export const getSupportRequest = (id: string) => api(`/staff/support-requests/${encodeURIComponent(id)}`, { schema: SupportRequestDetail });

export const supportRequestQueryOptions = (id: string) =>
  queryOptions({ queryKey: staffKeys.request(id), queryFn: () => getSupportRequest(id), staleTime: 0 });

export const useSupportRequest = (id: string) => useQuery(supportRequestQueryOptions(id));
