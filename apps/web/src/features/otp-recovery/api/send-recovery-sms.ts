import { SendSmsResponse } from "@portier/shared/signup";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** The SMS code to the verified phone on file (the limits of phone verification apply). */
export const sendRecoverySms = (token: string) =>
  api("/otp-recovery/send-sms", { method: "POST", body: { token }, schema: SendSmsResponse });

export const sendRecoverySmsMutationOptions = () =>
  mutationOptions({ mutationKey: ["otp-recovery", "send-sms"], mutationFn: sendRecoverySms });

export const useSendRecoverySms = () => useMutation(sendRecoverySmsMutationOptions());
