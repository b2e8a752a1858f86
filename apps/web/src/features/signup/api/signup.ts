import { type SignupRequest, SignupResponse } from "@portier/shared/signup";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

export const signup = (body: SignupRequest) => api("/signup", { method: "POST", body, schema: SignupResponse });

export const signupMutationOptions = () => mutationOptions({ mutationKey: ["signup"], mutationFn: signup });

export const useSignup = () => useMutation(signupMutationOptions());
