import { RevokeAllResponse } from "@portier/shared/sessions";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** Ends every session of the account, this browser's included (SPEC §2). */
export const revokeAllSessions = () => api("/sessions/revoke-all", { method: "POST", schema: RevokeAllResponse });

export const revokeAllSessionsMutationOptions = () =>
  mutationOptions({ mutationKey: ["sessions", "revoke-all"], mutationFn: revokeAllSessions });

export const useRevokeAllSessions = () => useMutation(revokeAllSessionsMutationOptions());
