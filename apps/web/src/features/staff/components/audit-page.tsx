import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { useProblem } from "../../../lib/problem.ts";
import { useAuditLog } from "../api/get-audit.ts";
import { AuditTable } from "./audit-table.tsx";

/** Every staff action, newest first. Read-only: the database refuses to change an entry. */
export function AuditPage() {
  const { t } = useTranslation();
  const problem = useProblem();
  const audit = useAuditLog();
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <section>
      <h1>{t("staff.audit.title")}</h1>
      <p className="muted">{t("staff.audit.intro")}</p>
      {audit.isError ? (
        <Alert>{problem.message(audit.error)}</Alert>
      ) : !audit.data ? (
        <p role="status">{t("common.loading")}</p>
      ) : (
        <>
          <AuditTable entries={entries} caption={t("staff.audit.caption")} requestLink={(id) => <Link to={`/staff/requests/${id}`} />} />
          {audit.hasNextPage && (
            <p>
              <button
                type="button"
                className="button button-secondary"
                disabled={audit.isFetchingNextPage}
                onClick={() => void audit.fetchNextPage()}
              >
                {audit.isFetchingNextPage ? t("common.loading") : t("staff.audit.loadMore")}
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}
