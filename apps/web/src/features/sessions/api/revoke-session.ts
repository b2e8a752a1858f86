import { mutationOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import { useMutationRemovingRow } from "../../../lib/mutations.ts";
import { sessionsQueryOptions } from "./get-sessions.ts";

export const revokeSession = (id: string) => api(`/sessions/${encodeURIComponent(id)}`, { method: "DELETE" });

export const revokeSessionMutationOptions = () => mutationOptions({ mutationKey: ["sessions", "revoke"], mutationFn: revokeSession });

/** The ended session leaves the cached list at once (lib/mutations.ts). */
export const useRevokeSession = () =>
  useMutationRemovingRow(revokeSessionMutationOptions(), sessionsQueryOptions().queryKey, (list, id) => ({
    sessions: list.sessions.filter((s) => s.id !== id),
  }));
