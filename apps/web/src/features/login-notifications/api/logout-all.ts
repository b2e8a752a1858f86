import { LogoutAllLinkResponse } from "@portier/shared/login-notifications";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** Ends every session of the account the emailed link is for (SPEC §2), and its sign-ins in progress. */
export const logoutAllByLink = (token: string) =>
  api("/auth/logout-all", { method: "POST", body: { token }, schema: LogoutAllLinkResponse });

export const logoutAllByLinkMutationOptions = () => mutationOptions({ mutationKey: ["auth", "logout-all"], mutationFn: logoutAllByLink });

export const useLogoutAllByLink = () => useMutation(logoutAllByLinkMutationOptions());
