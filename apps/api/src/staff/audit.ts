/**
 * The audit log of staff actions (SPEC §9: who, when, which account, what, why). Rows
 * are only ever inserted: the database refuses UPDATE, DELETE and TRUNCATE on the table
 * (a trigger in the migration), so not even a bug or a compromised API can rewrite it.
 * An entry is written in the same transaction as the action it records.
 */
import { ErrorCode } from "@portier/shared/errors";
import { AUDIT_PAGE_SIZE, type AuditEntryView } from "@portier/shared/staff";
import type { Db, Tx } from "../db/client.ts";
import type { AuditEntry, Prisma, StaffMember, SupportRequest } from "../generated/prisma/client.ts";
import type { Clock } from "../lib/clock.ts";
import { AppError } from "../lib/errors.ts";

export type AuditAction =
  | "sign_in"
  | "sign_out"
  | "account_search"
  | "account_linked"
  | "sms_code_sent"
  | "phone_confirmed"
  | "phone_confirmation_failed"
  | "otp_disabled"
  | "email_hint_sent"
  | "email_change_started"
  | "sessions_ended"
  | "request_rejected";

export async function recordAudit(
  tx: Db | Tx,
  clock: Clock,
  entry: {
    staffId: string;
    action: AuditAction;
    reason: string;
    accountId?: string | null;
    requestId?: string | null;
    details?: Record<string, string | number | boolean | null>;
  },
) {
  await tx.auditEntry.create({
    data: {
      staffId: entry.staffId,
      at: clock.now(),
      action: entry.action,
      reason: entry.reason,
      accountId: entry.accountId ?? null,
      requestId: entry.requestId ?? null,
      ...(entry.details ? { details: entry.details } : {}),
    },
  });
}

type Row = AuditEntry & { staff: Pick<StaffMember, "id" | "name" | "email">; request: Pick<SupportRequest, "reference"> | null };

/**
 * Entries as staff read them: with the login email of each entry's account (read now: the
 * log keeps ids, which outlive an email change).
 */
export async function auditViews(db: Db | Tx, rows: Row[]): Promise<AuditEntryView[]> {
  const ids = [...new Set(rows.flatMap((row) => [row.accountId, unnamedPreviousAccount(row)].filter((id) => typeof id === "string")))];
  const accounts = ids.length === 0 ? [] : await db.account.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } });
  const emails = new Map(accounts.map((account) => [account.id, account.email]));
  return rows.map((row) => auditView(row, emails));
}

/**
 * `account_linked` records the account linked before by id and, since issue 16, by its
 * login email then (`previousAccountEmail`). An entry written before that has the id only:
 * its view gets the account's current email instead, so staff never read a bare id.
 */
function unnamedPreviousAccount(row: Row): string | null {
  const details = row.details as Record<string, unknown> | null;
  if (!details || "previousAccountEmail" in details) return null;
  return typeof details.previousAccountId === "string" ? details.previousAccountId : null;
}

function detailsView(row: Row, emails: ReadonlyMap<string, string>): Record<string, unknown> | null {
  const details = (row.details as Record<string, unknown> | null) ?? null;
  const previous = unnamedPreviousAccount(row);
  return previous ? { ...details, previousAccountEmail: emails.get(previous) ?? null } : details;
}

function auditView(row: Row, emails: ReadonlyMap<string, string>): AuditEntryView {
  return {
    id: row.id,
    at: row.at.toISOString(),
    action: row.action,
    staff: { id: row.staff.id, name: row.staff.name, email: row.staff.email },
    accountId: row.accountId,
    accountEmail: row.accountId ? (emails.get(row.accountId) ?? null) : null,
    requestId: row.requestId,
    reference: row.request?.reference ?? null,
    reason: row.reason,
    details: detailsView(row, emails),
  };
}

export const auditInclude = {
  staff: { select: { id: true, name: true, email: true } },
  request: { select: { reference: true } },
} as const;

/** Cursor: the sequence number of the last entry shown; entries are listed newest first. */
function decodeCursor(cursor: string): bigint {
  if (!/^\d{1,19}$/.test(cursor)) {
    throw new AppError(ErrorCode.CURSOR_INVALID, "The list could not be continued; start again from the newest entries.");
  }
  return BigInt(cursor);
}

export async function listAudit(
  db: Db,
  query: { cursor?: string | undefined; requestId?: string | undefined; accountId?: string | undefined },
) {
  const before = query.cursor ? decodeCursor(query.cursor) : null;
  const where: Prisma.AuditEntryWhereInput = {
    ...(query.requestId ? { requestId: query.requestId } : {}),
    ...(query.accountId ? { accountId: query.accountId } : {}),
    ...(before !== null ? { seq: { lt: before } } : {}),
  };
  const rows = await db.auditEntry.findMany({ where, include: auditInclude, orderBy: { seq: "desc" }, take: AUDIT_PAGE_SIZE + 1 });
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  const last = page.at(-1);
  return { entries: await auditViews(db, page), nextCursor: rows.length > AUDIT_PAGE_SIZE && last ? last.seq.toString() : null };
}
