import { LogoutAllLinkResponse } from "@portier/shared/login-notifications";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { postToken } from "../../../lib/api-client.ts";

/** Ends every session of the account the emailed link is for (SPEC §2), and its sign-ins in progress. */
export const logoutAllByLink = postToken("/auth/logout-all", LogoutAllLinkResponse);

export const logoutAllByLinkMutationOptions = () => mutationOptions({ mutationKey: ["auth", "logout-all"], mutationFn: logoutAllByLink });

export const useLogoutAllByLink = () => useMutation(logoutAllByLinkMutationOptions());
