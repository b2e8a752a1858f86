import { PasswordResetInfo } from "@portier/shared/password-reset";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { postToken } from "../../../lib/api-client.ts";

/** Whether the emailed link works in this browser (it changes nothing): the masked login email, or why not. */
export const inspectResetLink = postToken("/password-reset/inspect", PasswordResetInfo);

export const inspectResetLinkMutationOptions = () =>
  mutationOptions({ mutationKey: ["password-reset", "inspect"], mutationFn: inspectResetLink });

export const useInspectResetLink = () => useMutation(inspectResetLinkMutationOptions());
