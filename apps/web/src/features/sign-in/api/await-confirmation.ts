import { SignInResponse } from "@portier/shared/auth";
import { CONFIRMATION_POLL_SECONDS } from "@portier/shared/login-notifications";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { ApiError, api } from "../../../lib/api-client.ts";

/**
 * Has the emailed confirmation link been clicked (on any device)? While not, the answer
 * is `confirmation_required`; once it has, the API completes the sign-in and sets this
 * browser's session cookie. The attempt travels in its HttpOnly cookie.
 */
export const awaitConfirmation = () => api("/auth/sign-in/confirmation", { method: "POST", schema: SignInResponse });

export const awaitConfirmationQueryOptions = () =>
  queryOptions({
    queryKey: ["auth", "sign-in", "confirmation"],
    queryFn: awaitConfirmation,
    // Ask again every 2 seconds until the answer is final, in a background tab too (the link is often opened in another one).
    refetchInterval: (query) =>
      query.state.data?.status === "confirmation_required" && query.state.status !== "error" ? CONFIRMATION_POLL_SECONDS * 1000 : false,
    refetchIntervalInBackground: true,
    refetchOnWindowFocus: false,
    // A lost connection is worth a few more tries; an answer from the API is final.
    retry: (failures, error) => error instanceof ApiError && error.status === 0 && failures < 3,
    gcTime: 0,
  });

export const useAwaitConfirmation = () => useQuery(awaitConfirmationQueryOptions());
