import { mutationOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

export const signOut = () => api("/auth/sign-out", { method: "POST" });

export const signOutMutationOptions = () => mutationOptions({ mutationKey: ["auth", "sign-out"], mutationFn: signOut });

/** Signing out forgets everything cached about the account. */
export const useSignOut = () => {
  const queryClient = useQueryClient();
  return useMutation({ ...signOutMutationOptions(), onSettled: () => queryClient.removeQueries() });
};
