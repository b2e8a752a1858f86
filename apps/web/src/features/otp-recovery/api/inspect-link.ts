import { OtpRecoveryInfo } from "@portier/shared/otp";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { postToken } from "../../../lib/api-client.ts";

/** What the emailed link allows (it changes nothing): the masked phone the SMS would go to, or none. */
export const inspectRecoveryLink = postToken("/otp-recovery/inspect", OtpRecoveryInfo);

export const inspectRecoveryLinkMutationOptions = () =>
  mutationOptions({ mutationKey: ["otp-recovery", "inspect"], mutationFn: inspectRecoveryLink });

export const useInspectRecoveryLink = () => useMutation(inspectRecoveryLinkMutationOptions());
