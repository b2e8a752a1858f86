import { PasswordResetInfo } from "@portier/shared/password-reset";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** Whether the emailed link works in this browser (it changes nothing): the masked login email, or why not. */
export const inspectResetLink = (token: string) =>
  api("/password-reset/inspect", { method: "POST", body: { token }, schema: PasswordResetInfo });

export const inspectResetLinkMutationOptions = () =>
  mutationOptions({ mutationKey: ["password-reset", "inspect"], mutationFn: inspectResetLink });

export const useInspectResetLink = () => useMutation(inspectResetLinkMutationOptions());
