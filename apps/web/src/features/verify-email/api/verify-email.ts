import { VerifyEmailResponse } from "@portier/shared/signup";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

export const verifyEmail = (token: string) => api("/signup/verify-email", { method: "POST", body: { token }, schema: VerifyEmailResponse });

export const verifyEmailMutationOptions = () => mutationOptions({ mutationKey: ["signup", "verify-email"], mutationFn: verifyEmail });

export const useVerifyEmail = () => useMutation(verifyEmailMutationOptions());
