import { type PasswordResetRequest, PasswordResetResponse } from "@portier/shared/password-reset";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** Emails a reset link bound to this browser (the API sets the binding cookie); the same answer for any address. */
export const requestPasswordReset = (body: PasswordResetRequest) =>
  api("/password-reset", { method: "POST", body, schema: PasswordResetResponse });

export const requestPasswordResetMutationOptions = () =>
  mutationOptions({ mutationKey: ["password-reset", "request"], mutationFn: requestPasswordReset });

export const useRequestPasswordReset = () => useMutation(requestPasswordResetMutationOptions());
