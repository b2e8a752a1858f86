import { type OtpRecoveryDisableRequest, OtpRecoveryDisableResponse } from "@portier/shared/otp";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "../../../lib/api-client.ts";

/** The link, the SMS code and a solved CAPTCHA together turn OTP off. */
export const disableOtpByRecovery = (body: z.input<typeof OtpRecoveryDisableRequest>) =>
  api("/otp-recovery/disable", { method: "POST", body, schema: OtpRecoveryDisableResponse });

export const disableOtpByRecoveryMutationOptions = () =>
  mutationOptions({ mutationKey: ["otp-recovery", "disable"], mutationFn: disableOtpByRecovery });

export const useDisableOtpByRecovery = () => useMutation(disableOtpByRecoveryMutationOptions());
