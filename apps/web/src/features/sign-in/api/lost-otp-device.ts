import { LostDeviceResponse } from "@portier/shared/otp";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** "I lost my OTP device": the API emails the login address a link (valid 5 minutes) to disable OTP. */
export const reportLostOtpDevice = () => api("/auth/sign-in/otp/lost-device", { method: "POST", schema: LostDeviceResponse });

export const lostOtpDeviceMutationOptions = () =>
  mutationOptions({ mutationKey: ["auth", "sign-in", "otp", "lost-device"], mutationFn: reportLostOtpDevice });

export const useLostOtpDevice = () => useMutation(lostOtpDeviceMutationOptions());
