import {
  PasskeyList,
  PasskeyRegistered,
  type PasskeyRegistrationOptionsRequest,
  type PasskeyRemoveRequest,
  PasskeyView,
} from "@portier/shared/passkeys";
import { type PublicKeyCredentialCreationOptionsJSON, startRegistration } from "@simplewebauthn/browser";
import { mutationOptions, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { api } from "../../../lib/api-client.ts";
import { queryKeys } from "../../../lib/query-keys.ts";

/** The account's passkeys (ADR 040). */
export const getPasskeys = () => api("/account/passkeys", { schema: PasskeyList });
export const passkeysQueryOptions = () => queryOptions({ queryKey: queryKeys.passkeys, queryFn: getPasskeys, staleTime: 0 });
export const usePasskeys = () => useQuery(passkeysQueryOptions());

/**
 * Adds a passkey: the password (and a current code with OTP on) buys a challenge, the
 * browser asks the authenticator (with user verification), and the answer is stored under `name`.
 */
export async function addPasskey(input: z.input<typeof PasskeyRegistrationOptionsRequest> & { name: string }) {
  const { name, ...recheck } = input;
  const optionsJSON = await api("/account/passkeys/registration-options", {
    method: "POST",
    body: recheck,
    schema: z.record(z.string(), z.unknown()),
  });
  const response = await startRegistration({ optionsJSON: optionsJSON as unknown as PublicKeyCredentialCreationOptionsJSON });
  return api("/account/passkeys", { method: "POST", body: { name, response }, schema: PasskeyRegistered });
}

export const renamePasskey = ({ id, name }: { id: string; name: string }) =>
  api(`/account/passkeys/${encodeURIComponent(id)}`, { method: "PATCH", body: { name }, schema: PasskeyView });

export const removePasskey = ({ id, ...body }: { id: string } & z.input<typeof PasskeyRemoveRequest>) =>
  api(`/account/passkeys/${encodeURIComponent(id)}/remove`, { method: "POST", body });

/** Every change refreshes the list, and what recovery codes and OTP say (two-factor may have turned on or off). */
function useChange<I, O>(key: string, mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    ...mutationOptions({ mutationKey: ["account", "passkeys", key], mutationFn }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.passkeys }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.recoveryCodes }),
  });
}

export const useAddPasskey = () => useChange("add", addPasskey);
export const useRenamePasskey = () => useChange("rename", renamePasskey);
export const useRemovePasskey = () => useChange("remove", removePasskey);
