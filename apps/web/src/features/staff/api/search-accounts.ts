import { AccountSearchResult } from "@portier/shared/staff";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/**
 * A mutation, not a query: every search is written to the audit log, so it runs only
 * when staff press Search — never again on a refocus or a remount.
 */
export const searchAccounts = ({ q, requestId }: { q: string; requestId: string }) =>
  api(`/staff/accounts?q=${encodeURIComponent(q)}&requestId=${encodeURIComponent(requestId)}`, { schema: AccountSearchResult });

export const searchAccountsMutationOptions = () =>
  mutationOptions({ mutationKey: ["staff", "accounts", "search"], mutationFn: searchAccounts });

export const useSearchAccounts = () => useMutation(searchAccountsMutationOptions());
