import { type SignInRequest, SignInResponse } from "@portier/shared/auth";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

export const signIn = (body: SignInRequest) => api("/auth/sign-in", { method: "POST", body, schema: SignInResponse });

export const signInMutationOptions = () => mutationOptions({ mutationKey: ["auth", "sign-in"], mutationFn: signIn });

export const useSignIn = () => useMutation(signInMutationOptions());
