import type { LoginEventView } from "@portier/shared/login-history";
import type { Ref } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DataTable } from "../../../components/data-table.tsx";
import { IpAddress } from "../../../components/ip-address.tsx";
import { useFormat } from "../../../lib/use-format.ts";
import { MagnifierIcon } from "./magnifier-icon.tsx";
import { useLoginLabels } from "./use-login-labels.ts";

interface LoginHistoryTableProps {
  rows: readonly LoginEventView[];
  /** Receives the details link of each row, by row id (to move focus to a row). */
  linkRef: (id: string) => Ref<HTMLAnchorElement>;
}

/** One row per sign-in attempt, newest first; the magnifying glass on the left opens its detail (seed 002). */
export function LoginHistoryTable({ rows, linkRef }: LoginHistoryTableProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const labels = useLoginLabels();
  return (
    <DataTable
      caption={t("loginHistory.caption")}
      columns={[
        { hidden: t("loginHistory.columns.details") },
        t("loginHistory.columns.time"),
        t("loginHistory.columns.result"),
        t("loginHistory.columns.method"),
        t("loginHistory.columns.place"),
        t("loginHistory.columns.device"),
        t("loginHistory.columns.notified"),
      ]}
    >
      {rows.map((row) => {
        const time = labels.time(row.at);
        const result = labels.result(row.result);
        return (
          <tr key={row.id}>
            <td>
              <Link ref={linkRef(row.id)} to={`/account/login-history/${row.id}`} className="button button-secondary button-small">
                <MagnifierIcon />
                <span className="visually-hidden">{t("loginHistory.detailsOf", { time, result })}</span>
              </Link>
            </td>
            <th scope="row" className="nowrap">
              <time dateTime={row.at}>{time}</time>
            </th>
            <td>
              <span className={labels.successful(row.result) ? "badge badge-ok" : "badge badge-warn"}>{result}</span>
            </td>
            <td>{labels.method(row.method)}</td>
            <td>
              <IpAddress ip={row.ip} />
              <span className="cell-line muted">{format.country(row.country)}</span>
            </td>
            <td>{labels.device(row)}</td>
            <td>{labels.notified(row.notified)}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
