import { SharedLoginStartResponse } from "@portier/shared/shared-login";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** Sign in with a provider: the API sets the round trip's cookie and answers where to go. */
export const startSignIn = (provider: string) =>
  api("/shared-login/start", { method: "POST", body: { provider }, schema: SharedLoginStartResponse });

/** Link a provider to the signed-in account (the password when the sign-in is not recent). */
export const startLink = (body: { provider: string; password?: string }) =>
  api("/account/shared-login/link", { method: "POST", body, schema: SharedLoginStartResponse });

export const useStartSignIn = () => useMutation(mutationOptions({ mutationKey: ["shared-login", "start"], mutationFn: startSignIn }));

export const useStartLink = () => useMutation(mutationOptions({ mutationKey: ["shared-login", "link"], mutationFn: startLink }));
