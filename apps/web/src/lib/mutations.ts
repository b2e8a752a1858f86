/**
 * What a mutation does to the cache once the API said yes — the three ways the features'
 * api/ modules need (one each, instead of a `useQueryClient` + `useMutation` block per module).
 */
import { type DataTag, type QueryKey, type UseMutationOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "./api-client.ts";

/** After success the queries under `queryKey` are stale and read again (the mutation settles after that). */
export function useMutationRefreshing<TData, TVariables>(options: UseMutationOptions<TData, Error, TVariables>, queryKey: QueryKey) {
  const queryClient = useQueryClient();
  return useMutation({ ...options, onSuccess: () => queryClient.invalidateQueries({ queryKey }) });
}

/** The answer is the new value of the cached query `queryKey` (no refetch). */
export function useMutationStoring<TData, TVariables>(options: UseMutationOptions<TData, Error, TVariables>, queryKey: QueryKey) {
  const queryClient = useQueryClient();
  return useMutation({ ...options, onSuccess: (data) => queryClient.setQueryData(queryKey, data) });
}

/**
 * Removing one row of a cached list: on success the row leaves the list at once, without a
 * refetch (after ending this browser's own session a refetch would only answer 401); a 404
 * (already gone elsewhere, or timed out) reads the list afresh to show it as it is now.
 */
export function useMutationRemovingRow<TData, TVariables, TList>(
  options: UseMutationOptions<TData, Error, TVariables>,
  queryKey: DataTag<QueryKey, TList, Error>,
  without: (list: TList, variables: TVariables) => TList,
) {
  const queryClient = useQueryClient();
  return useMutation({
    ...options,
    onSuccess: (_data, variables) => {
      queryClient.setQueryData(queryKey, (list) => list && without(list, variables));
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 404) void queryClient.invalidateQueries({ queryKey });
    },
  });
}
