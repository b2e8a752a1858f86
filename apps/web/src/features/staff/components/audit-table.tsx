import type { AuditEntryView } from "@portier/shared/staff";
import { cloneElement, type ReactElement } from "react";
import { useTranslation } from "react-i18next";
import { DataTable } from "../../../components/data-table.tsx";
import { useFormat } from "../../../lib/use-format.ts";

interface AuditTableProps {
  entries: AuditEntryView[];
  caption: string;
  /** A link element to a request (its text is filled in), or none in a request's own history. */
  requestLink?: (requestId: string) => ReactElement<{ children?: string }>;
}

/** Who, when, what, which account, why (SPEC §9). */
export function AuditTable({ entries, caption, requestLink }: AuditTableProps) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  if (entries.length === 0) return <p>{t("staff.audit.empty")}</p>;
  const action = (name: string) => (i18n.exists(`staff.actions.${name}`) ? t(`staff.actions.${name}`) : name);
  return (
    <DataTable
      caption={caption}
      columns={[
        t("staff.audit.columns.at"),
        t("staff.audit.columns.staff"),
        t("staff.audit.columns.action"),
        requestLink !== undefined && t("staff.audit.columns.request"),
        t("staff.audit.columns.account"),
        t("staff.audit.columns.reason"),
      ]}
    >
      {entries.map((entry) => (
        <tr key={entry.id}>
          <td>{format.dateTime(entry.at)}</td>
          <td>{entry.staff.name}</td>
          <th scope="row">{action(entry.action)}</th>
          {requestLink && (
            <td>{entry.requestId && entry.reference ? cloneElement(requestLink(entry.requestId), { children: entry.reference }) : "—"}</td>
          )}
          <td className="small">{entry.accountId ?? "—"}</td>
          <td>
            {entry.reason}
            {entry.details && <div className="small muted">{JSON.stringify(entry.details)}</div>}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
