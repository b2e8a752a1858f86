import { OtpKey } from "@portier/shared/otp";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** A new shared key to scan. Every call makes a new one; an earlier, unactivated key stops working. */
export const setupOtp = () => api("/account/otp/setup", { method: "POST", schema: OtpKey });

export const setupOtpMutationOptions = () => mutationOptions({ mutationKey: ["account", "otp", "setup"], mutationFn: setupOtp });

export const useSetupOtp = () => useMutation(setupOtpMutationOptions());
