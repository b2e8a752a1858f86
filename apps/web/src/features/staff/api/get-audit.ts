import { AuditList } from "@portier/shared/staff";
import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import { staffKeys } from "./staff-session.ts";

export const getAuditPage = ({ cursor, signal }: { cursor: string | null; signal?: AbortSignal }) =>
  api(`/staff/audit${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`, { schema: AuditList, ...(signal ? { signal } : {}) });

export const auditQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: staffKeys.audit,
    queryFn: ({ pageParam, signal }) => getAuditPage({ cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
  });

export const useAuditLog = () => useInfiniteQuery(auditQueryOptions());
