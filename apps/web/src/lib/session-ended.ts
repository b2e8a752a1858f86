/**
 * A signed-in request can learn at any moment that its session is gone: revoked from
 * another browser, timed out, or ended because the User-Agent changed (SPEC §2). The
 * query and mutation caches report every such 401 here, whichever page made the
 * request, and the signed-in shell listens and sends the user to sign-in saying why.
 */
import { ErrorCode } from "@portier/shared/errors";
import { ApiError } from "./api-client.ts";

/** The codes with which the API says "no session" (a 401 like INVALID_CREDENTIALS is a wrong password). */
const SESSION_GONE: ReadonlySet<string> = new Set([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.SESSION_EXPIRED,
  ErrorCode.SESSION_USER_AGENT_CHANGED,
]);

export interface SessionEnd {
  /** Why, when the API said more than "sign in" (shown on the sign-in page). */
  reason?: string;
}

/** Whether `error` says the caller's session has ended, and why. */
export function sessionEnd(error: unknown): SessionEnd | null {
  if (!(error instanceof ApiError) || error.status !== 401) return null;
  const code = error.code;
  if (code === undefined || code === ErrorCode.UNAUTHENTICATED) return {};
  return SESSION_GONE.has(code) ? { reason: code } : null;
}

type Listener = (end: SessionEnd) => void;
const listeners = new Set<Listener>();

/** Called by the query client for every failed request. */
export function reportSessionEnd(error: unknown) {
  const end = sessionEnd(error);
  if (end) for (const listener of listeners) listener(end);
}

/** Subscribes; returns the unsubscribe function (fits a useEffect cleanup). */
export function onSessionEnd(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
