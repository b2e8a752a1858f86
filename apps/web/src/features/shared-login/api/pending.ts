import {
  CancelResponse,
  type CreateAccountRequest,
  CreateAccountResponse,
  type PairRequest,
  PairResponse,
  PendingIdentity,
} from "@portier/shared/shared-login";
import { mutationOptions, queryOptions, useMutation, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** The unlinked identity waiting in this browser (server-side; the cookie says which). */
export const getPending = () => api("/shared-login/pending", { schema: PendingIdentity });

export const pendingQueryOptions = () =>
  queryOptions({ queryKey: ["shared-login", "pending"], queryFn: getPending, staleTime: 0, retry: false });

export const usePending = () => useQuery(pendingQueryOptions());

export const pair = (body: PairRequest) => api("/shared-login/pending/pair", { method: "POST", body, schema: PairResponse });

export const createAccount = (body: CreateAccountRequest) =>
  api("/shared-login/pending/create", { method: "POST", body, schema: CreateAccountResponse });

export const cancelPending = () => api("/shared-login/pending/cancel", { method: "POST", schema: CancelResponse });

export const usePair = () => useMutation(mutationOptions({ mutationKey: ["shared-login", "pair"], mutationFn: pair }));

export const useCreateAccount = () => useMutation(mutationOptions({ mutationKey: ["shared-login", "create"], mutationFn: createAccount }));

export const useCancelPending = () => useMutation(mutationOptions({ mutationKey: ["shared-login", "cancel"], mutationFn: cancelPending }));
