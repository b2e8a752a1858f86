import { SignInResponse } from "@portier/shared/auth";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** The code step of sign-in. The browser's attempt travels in an HttpOnly cookie set by the password step. */
export const signInOtp = (code: string) => api("/auth/sign-in/otp", { method: "POST", body: { code }, schema: SignInResponse });

export const signInOtpMutationOptions = () => mutationOptions({ mutationKey: ["auth", "sign-in", "otp"], mutationFn: signInOtp });

export const useSignInOtp = () => useMutation(signInOtpMutationOptions());
