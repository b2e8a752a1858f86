import { useEffect, useState } from "react";
import { ApiError } from "./api-client.ts";

/** Seconds left until `until` (epoch ms), ticking every second; 0 once passed. */
export function useCountdown(until: number | null): number {
  const remaining = () => (until === null ? 0 : Math.max(0, Math.ceil((until - Date.now()) / 1000)));
  const [seconds, setSeconds] = useState(remaining);
  useEffect(() => {
    setSeconds(remaining());
    if (until === null) return;
    const timer = setInterval(() => {
      const left = remaining();
      setSeconds(left);
      if (left === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);
  return seconds;
}

/**
 * A wait before the next try: after a code was sent (`waitFor(resendAfter)`) or when the
 * API asked for one (`fromError`: a problem's `retryAfter`). `seconds` counts down to 0.
 */
export function useWait() {
  const [until, setUntil] = useState<number | null>(null);
  const seconds = useCountdown(until);
  return {
    seconds,
    /** A wait was set since the page opened (or the last `reset`), passed or not. */
    started: until !== null,
    waitFor: (wait: number) => setUntil(Date.now() + wait * 1000),
    /** Waits as long as the error's problem asks, if it does. */
    fromError: (error: unknown) => {
      const retryAfter = error instanceof ApiError ? error.problem?.retryAfter : undefined;
      if (retryAfter !== undefined) setUntil(Date.now() + retryAfter * 1000);
    },
    reset: () => setUntil(null),
  };
}
