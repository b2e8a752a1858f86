import { type OtpConfirmRequest, OtpKey } from "@portier/shared/otp";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "../../../lib/api-client.ts";

/** The active shared key again, to add another device; needs the password and a current code (the account is emailed). */
export const showOtpKey = (body: z.input<typeof OtpConfirmRequest>) =>
  api("/account/otp/show-key", { method: "POST", body, schema: OtpKey });

export const showOtpKeyMutationOptions = () => mutationOptions({ mutationKey: ["account", "otp", "show-key"], mutationFn: showOtpKey });

export const useShowOtpKey = () => useMutation(showOtpKeyMutationOptions());
