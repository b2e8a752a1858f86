import { VerifyEmailResponse } from "@portier/shared/signup";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { postToken } from "../../../lib/api-client.ts";

export const verifyEmail = postToken("/signup/verify-email", VerifyEmailResponse);

export const verifyEmailMutationOptions = () => mutationOptions({ mutationKey: ["signup", "verify-email"], mutationFn: verifyEmail });

export const useVerifyEmail = () => useMutation(verifyEmailMutationOptions());
