import { type OtpActivateRequest, OtpStatus } from "@portier/shared/otp";
import { mutationOptions } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "../../../lib/api-client.ts";
import { useMutationStoring } from "../../../lib/mutations.ts";
import { queryKeys } from "../../../lib/query-keys.ts";

/**
 * Turns OTP on with the account password and a code from the app. A wrong password or
 * code makes the API discard the key being set up: setup has to start again.
 */
export const activateOtp = (body: z.input<typeof OtpActivateRequest>) =>
  api("/account/otp/activate", { method: "POST", body, schema: OtpStatus });

export const activateOtpMutationOptions = () => mutationOptions({ mutationKey: ["account", "otp", "activate"], mutationFn: activateOtp });

/** The answer is the new status: no refetch needed. */
export const useActivateOtp = () => useMutationStoring(activateOtpMutationOptions(), queryKeys.otpStatus);
