import { SendSmsResponse } from "@portier/shared/signup";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { postToken } from "../../../lib/api-client.ts";

/** The SMS code to the verified phone on file (the limits of phone verification apply). */
export const sendRecoverySms = postToken("/otp-recovery/send-sms", SendSmsResponse);

export const sendRecoverySmsMutationOptions = () =>
  mutationOptions({ mutationKey: ["otp-recovery", "send-sms"], mutationFn: sendRecoverySms });

export const useSendRecoverySms = () => useMutation(sendRecoverySmsMutationOptions());
