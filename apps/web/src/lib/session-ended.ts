/**
 * A signed-in request can learn at any moment that its session is gone: revoked from
 * another browser, timed out, or ended because the User-Agent changed (SPEC §2). The
 * query and mutation caches report every such 401 here, whichever page made the
 * request, and the signed-in shell listens and sends the user to sign-in saying why.
 */
import type { ErrorCode } from "@portier/shared/errors";
import { useSyncExternalStore } from "react";
import { ApiError } from "./api-client.ts";

/** The codes with which the API says "no session" (a 401 like INVALID_CREDENTIALS is a wrong password). */
const SESSION_GONE: ReadonlySet<string> = new Set([
  "UNAUTHENTICATED" satisfies ErrorCode,
  "SESSION_EXPIRED" satisfies ErrorCode,
  "SESSION_USER_AGENT_CHANGED" satisfies ErrorCode,
]);

export interface SessionEnd {
  /** Why, when the API said more than "sign in" (shown on the sign-in page). */
  reason?: string;
}

/** Whether `error` says the caller's session has ended, and why. */
export function sessionEnd(error: unknown): SessionEnd | null {
  if (!(error instanceof ApiError) || error.status !== 401) return null;
  const code = error.code;
  if (code === undefined || code === ("UNAUTHENTICATED" satisfies ErrorCode)) return {};
  return SESSION_GONE.has(code) ? { reason: code } : null;
}

type Listener = (end: SessionEnd) => void;
const listeners = new Set<Listener>();

/** Called by the query client for every failed request. */
export function reportSessionEnd(error: unknown) {
  if (endingOnPurpose) return;
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

/*
 * A session this browser ends on purpose (Sign out, log out all, ending the current
 * session in the list) is not one that "ended by itself": the server may end it before
 * its answer to that request arrives, and every other request in flight meanwhile meets
 * a 401. While such an ending runs, those 401s are not reported, so the page that asked
 * alone decides where the browser goes (sign-in with a notice, no page to return to),
 * whichever request finishes first.
 */
let endingOnPurpose = false;
const purposeListeners = new Set<() => void>();

function setEndingOnPurpose(value: boolean) {
  if (endingOnPurpose === value) return;
  endingOnPurpose = value;
  for (const listener of purposeListeners) listener();
}

/** Call before sending the request that ends this browser's session. */
export function beginEndingOnPurpose() {
  setEndingOnPurpose(true);
}

/**
 * Call once the browser has left the signed-in pages (the signed-in shell does, when it
 * unmounts), or when the ending failed. Not right after asking to navigate: the router
 * commits a navigation as a transition, and a 401 met in between would still count.
 */
export function finishEndingOnPurpose() {
  setEndingOnPurpose(false);
}

/**
 * A sign-out button: ends this browser's session on purpose with `end` (the request),
 * then `leave`s for the sign-in page whatever the answer — a failed sign-out still leaves
 * the signed-in pages. A promise, not a mutation's callbacks, which are skipped when the
 * component re-rendered with another observer meanwhile.
 */
export function signOutOnPurpose(end: () => Promise<unknown>, leave: () => void) {
  beginEndingOnPurpose();
  void end()
    .catch(() => undefined)
    .then(leave);
}

/** Whether this browser is ending its own session right now (re-renders when it changes). */
export function useEndingOnPurpose(): boolean {
  return useSyncExternalStore(
    (listener) => {
      purposeListeners.add(listener);
      return () => {
        purposeListeners.delete(listener);
      };
    },
    () => endingOnPurpose,
  );
}
