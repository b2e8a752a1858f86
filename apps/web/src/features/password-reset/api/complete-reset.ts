import { type PasswordResetCompleteRequest, PasswordResetCompleteResponse } from "@portier/shared/password-reset";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** Sets the new password with the link; every session ends and nobody is signed in. */
export const completePasswordReset = (body: PasswordResetCompleteRequest) =>
  api("/password-reset/complete", { method: "POST", body, schema: PasswordResetCompleteResponse });

export const completePasswordResetMutationOptions = () =>
  mutationOptions({ mutationKey: ["password-reset", "complete"], mutationFn: completePasswordReset });

export const useCompletePasswordReset = () => useMutation(completePasswordResetMutationOptions());
