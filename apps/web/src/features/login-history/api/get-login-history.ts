import { LoginHistoryPage } from "@portier/shared/login-history";
import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** One page of the history, older than `cursor` (the previous page's nextCursor), or the newest. */
export const getLoginHistoryPage = ({ cursor, signal }: { cursor: string | null; signal?: AbortSignal }) =>
  api(`/account/login-history${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`, {
    schema: LoginHistoryPage,
    ...(signal ? { signal } : {}),
  });

export const loginHistoryQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: ["login-history", "pages"] as const,
    queryFn: ({ pageParam, signal }) => getLoginHistoryPage({ cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    // null on the last page: "Load more" goes away.
    getNextPageParam: (last) => last.nextCursor,
    // A sign-in may happen in another browser at any moment: read the list afresh on every visit.
    staleTime: 0,
  });

export const useLoginHistory = () => useInfiniteQuery(loginHistoryQueryOptions());
