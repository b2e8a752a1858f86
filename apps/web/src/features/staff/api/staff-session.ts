import { StaffMe, type StaffSignInRequest } from "@portier/shared/staff";
import { mutationOptions, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/**
 * The staff session: its own cookie, set by the staff sign-in; the customer session of
 * the same browser (if any) plays no part in the console.
 */
export const staffKeys = {
  all: ["staff"] as const,
  me: ["staff", "me"] as const,
  queue: (status: "open" | "closed") => ["staff", "queue", status] as const,
  request: (id: string) => ["staff", "request", id] as const,
  audit: ["staff", "audit"] as const,
};

export const getStaffMe = () => api("/staff/me", { schema: StaffMe });

export const staffMeQueryOptions = () => queryOptions({ queryKey: staffKeys.me, queryFn: getStaffMe, staleTime: 60_000 });

export const useStaffMe = () => useQuery(staffMeQueryOptions());

export const staffSignIn = (body: StaffSignInRequest) => api("/staff/sign-in", { method: "POST", body, schema: StaffMe });

export const useStaffSignIn = () => {
  const queryClient = useQueryClient();
  return useMutation({
    ...mutationOptions({ mutationKey: ["staff", "sign-in"], mutationFn: staffSignIn }),
    // A new staff session starts with nothing cached from the last one (maybe another member's).
    onSuccess: (me) => {
      queryClient.removeQueries({ queryKey: staffKeys.all });
      queryClient.setQueryData(staffKeys.me, me);
    },
  });
};

export const staffSignOut = () => api("/staff/sign-out", { method: "POST" });

export const useStaffSignOut = () => {
  const queryClient = useQueryClient();
  return useMutation({
    ...mutationOptions({ mutationKey: ["staff", "sign-out"], mutationFn: staffSignOut }),
    onSettled: () => queryClient.removeQueries({ queryKey: staffKeys.all }),
  });
};
