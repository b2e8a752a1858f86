import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { ErrorWithRetry } from "../../../components/error-with-retry.tsx";
import { useLoginHistory } from "../api/get-login-history.ts";
import { LoginHistoryTable } from "./login-history-table.tsx";

/** What the detail page hands back: the row whose details were open gets the focus again. */
export interface LoginHistoryReturn {
  focusId?: string;
}

/** Account → Login history (SPEC §3; seed 002): every sign-in attempt, newest first. */
export function LoginHistoryPage() {
  const { t } = useTranslation();
  const history = useLoginHistory();
  const location = useLocation();
  const links = useRef(new Map<string, HTMLAnchorElement>());
  // The row to focus once it is on the page: the first one "Load more" brought, or the one whose details were open.
  const focusNext = useRef<string | null>((location.state as LoginHistoryReturn | null)?.focusId ?? null);

  const rows = history.data?.pages.flatMap((page) => page.items) ?? [];

  function focusPending() {
    const id = focusNext.current;
    const link = id ? links.current.get(id) : undefined;
    if (link) {
      link.focus();
      focusNext.current = null;
    }
  }
  // After every render: the row may have just arrived.
  useEffect(focusPending);

  const linkRef = (id: string) => (element: HTMLAnchorElement | null) => {
    if (element) links.current.set(id, element);
    else links.current.delete(id);
  };

  function loadMore() {
    const first = rows.length;
    void history.fetchNextPage().then((result) => {
      // "Load more" may leave with the last page: focus goes to the first row it brought, not to the page's top.
      const next = result.data?.pages.flatMap((page) => page.items)[first];
      if (next && !result.isError) {
        focusNext.current = next.id;
        focusPending();
      }
    });
  }

  return (
    <section>
      <h1>{t("loginHistory.title")}</h1>
      <p>{t("loginHistory.intro")}</p>
      {history.data ? (
        rows.length === 0 ? (
          <p className="alert alert-info">{t("loginHistory.empty")}</p>
        ) : (
          <>
            <LoginHistoryTable rows={rows} linkRef={linkRef} />
            <p role="status">
              {history.hasNextPage ? t("loginHistory.shown", { count: rows.length }) : t("loginHistory.allShown", { count: rows.length })}
            </p>
            {history.isFetchNextPageError && <ErrorWithRetry error={history.error} onRetry={loadMore} />}
            {history.hasNextPage && (
              <button type="button" className="button button-secondary" disabled={history.isFetchingNextPage} onClick={loadMore}>
                {history.isFetchingNextPage ? t("common.loading") : t("loginHistory.loadMore")}
              </button>
            )}
          </>
        )
      ) : history.isError ? (
        <ErrorWithRetry error={history.error} onRetry={() => void history.refetch()} />
      ) : (
        <p role="status">{t("common.loading")}</p>
      )}
    </section>
  );
}
