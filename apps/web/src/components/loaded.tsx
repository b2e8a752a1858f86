import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorWithRetry } from "./error-with-retry.tsx";

/** What `Loaded` needs of a query (TanStack Query's result has it). */
export interface LoadableQuery<T> {
  data: T | undefined;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * A page part fed by one query: its data once there (also while a later refetch fails),
 * else the failure with "Try again", else "Loading…" announced to screen readers.
 */
export function Loaded<T>({ query, children }: { query: LoadableQuery<T>; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  if (query.data !== undefined) return children(query.data);
  if (query.isError) return <ErrorWithRetry error={query.error} onRetry={() => void query.refetch()} />;
  return <p role="status">{t("common.loading")}</p>;
}
