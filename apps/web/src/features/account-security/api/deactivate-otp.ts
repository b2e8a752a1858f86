import { type OtpConfirmRequest, OtpStatus } from "@portier/shared/otp";
import { mutationOptions } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "../../../lib/api-client.ts";
import { useMutationStoring } from "../../../lib/mutations.ts";
import { queryKeys } from "../../../lib/query-keys.ts";

/** Turns OTP off; needs the password and a current code (the account is emailed). */
export const deactivateOtp = (body: z.input<typeof OtpConfirmRequest>) =>
  api("/account/otp/deactivate", { method: "POST", body, schema: OtpStatus });

export const deactivateOtpMutationOptions = () =>
  mutationOptions({ mutationKey: ["account", "otp", "deactivate"], mutationFn: deactivateOtp });

export const useDeactivateOtp = () => useMutationStoring(deactivateOtpMutationOptions(), queryKeys.otpStatus);
