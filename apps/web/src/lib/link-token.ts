/**
 * Emailed links carry their token in the fragment (`/verify-email#token=…`): a fragment
 * never reaches a server log or a Referer. A page reads it once, keeps it in memory and
 * removes it from the address bar and the history at once, so it lingers nowhere.
 */
import { LinkToken } from "@portier/shared/common";
import { ErrorCode } from "@portier/shared/errors";
import type { TFunction } from "i18next";
import { useEffect, useRef, useState } from "react";
import { ApiError } from "./api-client.ts";

/** The token in the address bar's fragment; null when missing or malformed. */
export function readTokenFromHash(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get("token");
  return token !== null && LinkToken.safeParse(token).success ? token : null;
}

/** Removes the fragment from the address bar, replacing the history entry (no new one). */
export function clearHash(): void {
  if (window.location.hash) window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
}

/**
 * The link's token, read once per page instance and cleared from the address bar; null when
 * missing or malformed. `start`, if given, runs once with a valid token: strict mode mounts
 * twice in development, and a link token is single-use.
 */
export function useLinkToken(start?: (token: string) => void): string | null {
  const [token] = useState(readTokenFromHash);
  const started = useRef(false);

  useEffect(() => clearHash(), []);

  useEffect(() => {
    if (token === null || !start || started.current) return;
    started.current = true;
    start(token);
  }, [token, start]);

  return token;
}

/**
 * A second link opened in the same tab is only a fragment change (no reload, and no new
 * router location): render the page with `key={visit}` and a fresh instance takes it.
 */
export function useHashVisit(): number {
  const [visit, setVisit] = useState(0);
  useEffect(() => {
    const onHashChange = () => setVisit((v) => v + 1);
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, []);
  return visit;
}

/** Answers after which a link itself cannot be used: unknown, withdrawn, expired or spent. */
export const LINK_PROBLEMS: ReadonlySet<string> = new Set([
  ErrorCode.TOKEN_INVALID,
  ErrorCode.TOKEN_VOIDED,
  ErrorCode.TOKEN_EXPIRED,
  ErrorCode.TOKEN_USED,
]);

/** The error code if `error` says the link cannot be used (one of `problems`), else null. */
export function linkProblemOf(error: unknown, problems: ReadonlySet<string> = LINK_PROBLEMS): string | null {
  const code = error instanceof ApiError ? error.code : undefined;
  return code && problems.has(code) ? code : null;
}

/**
 * What to tell the customer about a link that cannot be used (`code` from `linkProblemOf`):
 * each page's own words under `texts` (`<texts>.expired` with `params`, `.used`, `.invalid`),
 * a withdrawn link the same everywhere.
 */
export function linkProblemText(t: TFunction, code: string, texts: string, params?: Record<string, number>): string {
  if (code === ErrorCode.TOKEN_EXPIRED) return t(`${texts}.expired`, params ?? {});
  if (code === ErrorCode.TOKEN_USED) return t(`${texts}.used`);
  if (code === ErrorCode.TOKEN_VOIDED) return t("errors.TOKEN_VOIDED");
  return t(`${texts}.invalid`);
}
