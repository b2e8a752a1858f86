import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { DataTable } from "../../../components/data-table.tsx";
import { useProblem } from "../../../lib/problem.ts";
import { useFormat } from "../../../lib/use-format.ts";
import { useQueue } from "../api/get-queue.ts";
import { useAge } from "./use-age.ts";

/** The queue of support requests: open ones oldest first (the order of work), or the closed ones. */
export function QueuePage() {
  const { t } = useTranslation();
  const problem = useProblem();
  const format = useFormat();
  const age = useAge();
  const [params] = useSearchParams();
  const status = params.get("status") === "closed" ? "closed" : "open";
  const queue = useQueue(status);

  return (
    <section>
      <h1>{t("staff.queue.title")}</h1>
      <nav aria-label={t("staff.queue.filter")} className="button-row">
        {(["open", "closed"] as const).map((tab) => (
          <Link
            key={tab}
            to={tab === "open" ? "/staff" : "/staff?status=closed"}
            className={status === tab ? "button" : "button button-secondary"}
            aria-current={status === tab ? "page" : undefined}
          >
            {t(`staff.queue.${tab}`)}
          </Link>
        ))}
      </nav>
      {queue.isError ? (
        <Alert>{problem.message(queue.error)}</Alert>
      ) : !queue.data ? (
        <p role="status">{t("common.loading")}</p>
      ) : queue.data.requests.length === 0 ? (
        <p>{t(status === "open" ? "staff.queue.emptyOpen" : "staff.queue.emptyClosed")}</p>
      ) : (
        <DataTable
          caption={t(status === "open" ? "staff.queue.captionOpen" : "staff.queue.captionClosed", { count: queue.data.requests.length })}
          columns={[
            t("staff.queue.columns.reference"),
            t("staff.queue.columns.type"),
            t("staff.queue.columns.status"),
            t("staff.queue.columns.age"),
            t("staff.queue.columns.received"),
            t("staff.queue.columns.contact"),
          ]}
        >
          {queue.data.requests.map((request) => (
            <tr key={request.id}>
              <th scope="row">
                <Link to={`/staff/requests/${request.id}`}>{request.reference}</Link>
              </th>
              <td>{t(`staff.types.${request.type}`)}</td>
              <td>{t(`staff.statuses.${request.status}`)}</td>
              <td>{age(request.createdAt, request.closedAt ?? queue.data.now)}</td>
              <td>{format.dateTime(request.createdAt)}</td>
              <td>{request.contactEmail}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
