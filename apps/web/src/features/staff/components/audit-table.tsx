import { formatPhone } from "@portier/shared/common";
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
  // The steps the API records by itself carry its own English words; staff read them in the
  // page's language. What a staff member typed as the reason is shown as typed.
  const reasonText = (entry: AuditEntryView) => {
    const key = `staff.audit.reasons.${entry.action}`;
    if (!i18n.exists(key)) return entry.reason;
    const code = entry.action === "phone_confirmation_failed" ? (/: ([A-Z_]+)\.$/.exec(entry.reason)?.[1] ?? "—") : undefined;
    return t(key, { reference: entry.reference ?? "—", email: entry.accountEmail ?? t("staff.audit.accountGone"), code });
  };
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
          {/* The time and the reference stay on one line each (a date over three lines is hard to read). */}
          <td className="nowrap">{format.dateTime(entry.at)}</td>
          <td>{entry.staff.name}</td>
          <th scope="row">{action(entry.action)}</th>
          {requestLink && (
            <td className="nowrap">
              {entry.requestId && entry.reference ? cloneElement(requestLink(entry.requestId), { children: entry.reference }) : "—"}
            </td>
          )}
          <td>{entry.accountEmail ?? (entry.accountId ? t("staff.audit.accountGone") : "—")}</td>
          <td>
            {reasonText(entry)}
            {entry.details && <AuditDetails details={entry.details} />}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** Facts kept for machines, not staff: an account's id (the API adds its login email beside it). */
const HIDDEN_DETAILS = new Set(["previousAccountId"]);

/** An entry's recorded facts, each named (known names translated; values written out, never as JSON or ids). */
function AuditDetails({ details }: { details: Record<string, unknown> }) {
  const { t, i18n } = useTranslation();
  const name = (key: string) => (i18n.exists(`staff.audit.details.${key}`) ? t(`staff.audit.details.${key}`) : key);
  const value = (key: string, raw: unknown): string => {
    if (raw === null || raw === undefined || raw === "") return "—";
    if (key === "identityVerifiedBy" && i18n.exists(`staff.audit.verifiedBy.${String(raw)}`))
      return t(`staff.audit.verifiedBy.${String(raw)}`);
    if (key === "phone" && typeof raw === "string") return formatPhone(raw);
    if (typeof raw === "boolean") return raw ? t("staff.audit.yes") : t("staff.audit.no");
    if (typeof raw === "string" || typeof raw === "number") return String(raw);
    return Array.isArray(raw) ? raw.map((item) => value(key, item)).join(", ") : t("staff.audit.more");
  };
  return (
    <dl className="audit-details small muted">
      {Object.entries(details)
        .filter(([key]) => !HIDDEN_DETAILS.has(key))
        .map(([key, raw]) => (
          <div key={key}>
            <dt>{name(key)}:</dt> <dd>{value(key, raw)}</dd>
          </div>
        ))}
    </dl>
  );
}
