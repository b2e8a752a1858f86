import type { DisableOtpResolveRequest, EndSessionsRequest, ResolveRequest } from "@portier/shared/staff";
import { SupportRequestDetail } from "@portier/shared/staff";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import { staffKeys } from "./staff-session.ts";

/** The actions on one request. Each answers the request as it is now, which replaces the cached one. */
const action = (id: string, path: string, body?: object) =>
  api(`/staff/support-requests/${encodeURIComponent(id)}/${path}`, { method: "POST", body: body ?? {}, schema: SupportRequestDetail });

export const linkAccount = (id: string, accountId: string) => action(id, "account", { accountId });
export const sendSmsCode = (id: string) => action(id, "sms-code");
export const confirmPhone = (id: string, code: string) => action(id, "phone-confirmation", { code });
export const disableOtp = (id: string, body: DisableOtpResolveRequest) => action(id, "disable-otp", body);
export const sendEmailHint = (id: string, body: ResolveRequest) => action(id, "email-hint", body);
export const startEmailChange = (id: string, body: ResolveRequest) => action(id, "email-change", body);
export const rejectRequest = (id: string, body: ResolveRequest) => action(id, "reject", body);
export const endSessions = (id: string, body: EndSessionsRequest) => action(id, "end-sessions", body);

/** A mutation on request `id`; on success the request, the queue and the audit log show the change. */
export function useRequestAction<T>(id: string, name: string, run: (input: T) => Promise<SupportRequestDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ["staff", "request", id, name],
    mutationFn: run,
    onSuccess: (request) => {
      queryClient.setQueryData(staffKeys.request(id), request);
      void queryClient.invalidateQueries({ queryKey: ["staff", "queue"] });
      void queryClient.invalidateQueries({ queryKey: staffKeys.audit });
    },
  });
}
