import { ConfirmSignInResponse } from "@portier/shared/login-notifications";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { postToken } from "../../../lib/api-client.ts";

/** Confirms the waiting sign-in the emailed link is for; this browser gets no session from it. */
export const confirmSignIn = postToken("/auth/sign-in/confirm", ConfirmSignInResponse);

export const confirmSignInMutationOptions = () =>
  mutationOptions({ mutationKey: ["auth", "sign-in", "confirm"], mutationFn: confirmSignIn });

export const useConfirmSignIn = () => useMutation(confirmSignInMutationOptions());
