import { VerifyPhoneResponse } from "@portier/shared/signup";
import { mutationOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import { useMutationRefreshing } from "../../../lib/mutations.ts";
import { queryKeys } from "../../../lib/query-keys.ts";

export const verifyPhoneCode = (code: string) =>
  api("/account/phone/verify", { method: "POST", body: { code }, schema: VerifyPhoneResponse });

export const verifyPhoneCodeMutationOptions = () =>
  mutationOptions({ mutationKey: ["account", "phone", "verify"], mutationFn: verifyPhoneCode });

/** A verified phone changes the account view: refresh it. */
export const useVerifyPhoneCode = () => useMutationRefreshing(verifyPhoneCodeMutationOptions(), queryKeys.account);
