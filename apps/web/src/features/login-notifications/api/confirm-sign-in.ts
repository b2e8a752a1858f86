import { ConfirmSignInDetails, ConfirmSignInResponse } from "@portier/shared/login-notifications";
import { mutationOptions, queryOptions, useMutation, useQuery } from "@tanstack/react-query";
import { postToken } from "../../../lib/api-client.ts";

/** Confirms the waiting sign-in the emailed link is for; this browser gets no session from it. */
export const confirmSignIn = postToken("/auth/sign-in/confirm", ConfirmSignInResponse);

export const confirmSignInMutationOptions = () =>
  mutationOptions({ mutationKey: ["auth", "sign-in", "confirm"], mutationFn: confirmSignIn });

export const useConfirmSignIn = () => useMutation(confirmSignInMutationOptions());

/** Which sign-in the link is for (time, browser, place); spends nothing. A POST: the token stays out of URLs. */
export const getConfirmationDetails = postToken("/auth/sign-in/confirm/details", ConfirmSignInDetails);

export const confirmationDetailsQueryOptions = (token: string) =>
  queryOptions({
    queryKey: ["auth", "sign-in", "confirm", "details", token],
    queryFn: () => getConfirmationDetails(token),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useConfirmationDetails = (token: string) => useQuery(confirmationDetailsQueryOptions(token));
