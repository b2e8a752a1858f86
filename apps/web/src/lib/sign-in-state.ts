/**
 * What a page hands to /sign-in when it sends the user there (router location state):
 * the page to return to, and why the user is signed out — an API error code when the
 * session ended on its own, or a notice when the user ended it.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useLocation, useNavigate } from "react-router";

export interface SignInState {
  from?: string;
  /** An error code, e.g. SESSION_USER_AGENT_CHANGED. */
  reason?: string | undefined;
  /** The problem's params for `reason` (e.g. why a sign-in was cancelled). */
  reasonParams?: unknown;
  notice?: SignInNotice;
  /** At the second step: the factors the account can use (issue 17); the code alone when absent. */
  secondFactors?: readonly ("otp" | "passkey" | "recovery_code")[] | undefined;
}

/** Keys under `signIn.notice` in the locales. */
export type SignInNotice = "allSessionsEnded" | "signedOut" | "sessionEnded";

/** After this browser's session was ended on purpose: forget the account's data and go to sign-in. */
export function useGoToSignIn() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (state: SignInState) => {
    queryClient.removeQueries();
    navigate("/sign-in", { replace: true, state });
  };
}

/**
 * A step after the password (the OTP code, the emailed confirmation): the page asked for
 * first (`from`, carried in the router state from step to step), `goTo` another step, and
 * `signedIn` once the session exists.
 */
export function useSignInStep() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as SignInState | null)?.from;
  const goTo = useCallback(
    (path: string, state: SignInState = {}) => navigate(path, { replace: true, state: { from, ...state } satisfies SignInState }),
    [navigate, from],
  );
  const signedIn = useCallback(() => {
    // A new session starts with nothing cached from the last one (maybe another account's).
    queryClient.removeQueries();
    navigate(from ?? "/account", { replace: true });
  }, [queryClient, navigate, from]);
  return { from, goTo, signedIn };
}
