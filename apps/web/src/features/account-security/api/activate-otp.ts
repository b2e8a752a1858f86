import { OtpActivated, type OtpActivateRequest } from "@portier/shared/otp";
import { mutationOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "../../../lib/api-client.ts";
import { queryKeys } from "../../../lib/query-keys.ts";

/**
 * Turns OTP on with the account password and a code from the app. A wrong password or
 * code makes the API discard the key being set up: setup has to start again. When this
 * turns two-factor sign-in on, the answer carries the first recovery codes (shown once).
 */
export const activateOtp = (body: z.input<typeof OtpActivateRequest>) =>
  api("/account/otp/activate", { method: "POST", body, schema: OtpActivated });

export const activateOtpMutationOptions = () => mutationOptions({ mutationKey: ["account", "otp", "activate"], mutationFn: activateOtp });

/** The answer is the new status: no refetch needed. */
export const useActivateOtp = () => {
  const queryClient = useQueryClient();
  return useMutation({
    ...activateOtpMutationOptions(),
    onSuccess: ({ recoveryCodes: _shownOnce, ...status }) => {
      queryClient.setQueryData(queryKeys.otpStatus, status);
      void queryClient.invalidateQueries({ queryKey: queryKeys.recoveryCodes });
    },
  });
};
