import { type RecoveryCodesCreateRequest, RecoveryCodesSet, RecoveryCodesStatus } from "@portier/shared/recovery-codes";
import { mutationOptions, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "../../../lib/api-client.ts";
import { queryKeys } from "../../../lib/query-keys.ts";

/** How many unused recovery codes the account has (the codes themselves are shown only when made). */
export const getRecoveryCodes = () => api("/account/recovery-codes", { schema: RecoveryCodesStatus });
export const recoveryCodesQueryOptions = () => queryOptions({ queryKey: queryKeys.recoveryCodes, queryFn: getRecoveryCodes, staleTime: 0 });
export const useRecoveryCodes = () => useQuery(recoveryCodesQueryOptions());

/** Ten new codes in place of the old ones, after the password; the answer is the one time they are shown. */
export const createRecoveryCodes = (body: z.input<typeof RecoveryCodesCreateRequest>) =>
  api("/account/recovery-codes", { method: "POST", body, schema: RecoveryCodesSet });

export const useCreateRecoveryCodes = () => {
  const queryClient = useQueryClient();
  return useMutation({
    ...mutationOptions({ mutationKey: ["account", "recovery-codes", "create"], mutationFn: createRecoveryCodes }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.recoveryCodes }),
  });
};
