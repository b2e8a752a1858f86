import { LinkToken } from "@portier/shared/common";
import { useEffect, useState } from "react";

/**
 * The token of an emailed link (`/confirm-sign-in#token=…`, `/logout-all#token=…`): a
 * fragment never reaches a server log or a Referer. Read once, kept in memory, and
 * removed from the address bar and the history at once. Null when missing or malformed.
 */
export function useLinkToken(): string | null {
  const [token] = useState(() => {
    const value = new URLSearchParams(window.location.hash.slice(1)).get("token");
    return value !== null && LinkToken.safeParse(value).success ? value : null;
  });
  useEffect(() => {
    if (window.location.hash) window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
  }, []);
  return token;
}

/** A second link opened in the same tab is only a fragment change: a new `visit` makes a fresh page instance take it. */
export function useHashVisit(): number {
  const [visit, setVisit] = useState(0);
  useEffect(() => {
    const onHashChange = () => setVisit((v) => v + 1);
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, []);
  return visit;
}
