import { type PhoneChangeRequest, PhoneChangeVerifyResponse } from "@portier/shared/account-settings";
import { SendSmsResponse } from "@portier/shared/signup";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import { useMutationRefreshing } from "../../../lib/mutations.ts";
import { queryKeys } from "../../../lib/query-keys.ts";

/** Sends a code to the new number (again, for "send a new code"); the phone on file stays. */
export const requestPhoneChange = (body: PhoneChangeRequest) =>
  api("/account/phone/change", { method: "POST", body, schema: SendSmsResponse });

export const verifyPhoneChange = (code: string) =>
  api("/account/phone/change/verify", { method: "POST", body: { code }, schema: PhoneChangeVerifyResponse });

export const requestPhoneChangeMutationOptions = () =>
  mutationOptions({ mutationKey: ["account", "phone", "change"], mutationFn: requestPhoneChange });

export const verifyPhoneChangeMutationOptions = () =>
  mutationOptions({ mutationKey: ["account", "phone", "change", "verify"], mutationFn: verifyPhoneChange });

export const useRequestPhoneChange = () => useMutation(requestPhoneChangeMutationOptions());

/** The new phone replaces the old one, verified: refresh the account view. */
export const useVerifyPhoneChange = () => useMutationRefreshing(verifyPhoneChangeMutationOptions(), queryKeys.account);
