import { formatPhone } from "@portier/shared/common";
import type { StaffAccountView, SupportRequestDetail } from "@portier/shared/staff";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { DataTable } from "../../../components/data-table.tsx";
import { Details } from "../../../components/details.tsx";
import { TextField } from "../../../components/field.tsx";
import { RowButton } from "../../../components/row-button.tsx";
import { useProblem } from "../../../lib/problem.ts";
import { linkAccount, useRequestAction } from "../api/request-actions.ts";
import { useSearchAccounts } from "../api/search-accounts.ts";

/** The customer account the request is about: shown once linked; found by login email or phone. */
export function AccountSection({ request, open }: { request: SupportRequestDetail; open: boolean }) {
  const { t } = useTranslation();
  const problem = useProblem();
  const search = useSearchAccounts();
  const link = useRequestAction(request.id, "link", (accountId: string) => linkAccount(request.id, accountId));
  const [q, setQ] = useState(request.loginEmail ?? request.phone ?? "");
  const [searching, setSearching] = useState(request.account === null);

  function onSearch(event: FormEvent) {
    event.preventDefault();
    if (q.trim().length < 3) return;
    search.mutate({ q: q.trim(), requestId: request.id });
  }

  return (
    <section aria-labelledby="account-title">
      <h2 id="account-title">{t("staff.account.title")}</h2>
      {request.account ? <AccountDetails account={request.account} /> : <p className="muted">{t("staff.account.none")}</p>}
      {open && request.account && !searching && (
        <p>
          <button type="button" className="link-button" onClick={() => setSearching(true)}>
            {t("staff.account.change")}
          </button>
        </p>
      )}
      {open && searching && (
        <>
          <search aria-label={t("staff.account.searchLabel")}>
            <form className="inline-form" onSubmit={onSearch}>
              <TextField
                name="q"
                label={t("staff.account.query")}
                hint={t("staff.account.queryHint")}
                value={q}
                onChange={(e) => setQ(e.target.value)}
              />
              <button type="submit" className="button" disabled={search.isPending || q.trim().length < 3}>
                {t("staff.account.search")}
              </button>
            </form>
          </search>
          {search.isError && <Alert>{problem.message(search.error)}</Alert>}
          {link.isError && <Alert>{problem.message(link.error)}</Alert>}
          {search.data &&
            (search.data.accounts.length === 0 ? (
              <p role="status">{t("staff.account.noResults")}</p>
            ) : (
              <DataTable
                caption={t("staff.account.results", { count: search.data.accounts.length })}
                columns={[t("staff.account.email"), t("staff.account.phone"), t("staff.account.otp"), t("staff.account.actions")]}
              >
                {search.data.accounts.map((account) => (
                  <tr key={account.id} aria-current={account.id === request.account?.id ? "true" : undefined}>
                    <th scope="row">{account.email}</th>
                    <td className="nowrap">{formatPhone(account.phone)}</td>
                    <td>{t(account.otpEnabled ? "staff.account.otpOn" : "staff.account.otpOff")}</td>
                    <td>
                      <RowButton
                        label={t("staff.account.linkLabel", { email: account.email })}
                        disabled={link.isPending}
                        onClick={() => link.mutate(account.id, { onSuccess: () => setSearching(false) })}
                      >
                        {t("staff.account.link")}
                      </RowButton>
                    </td>
                  </tr>
                ))}
              </DataTable>
            ))}
        </>
      )}
    </section>
  );
}

function AccountDetails({ account }: { account: StaffAccountView }) {
  const { t } = useTranslation();
  const yesNo = (value: boolean) => t(value ? "account.verified" : "account.notVerified");
  return (
    <Details
      testId="linked-account"
      items={[
        [
          t("staff.account.email"),
          <>
            {account.email} ({yesNo(account.emailVerified)})
          </>,
        ],
        [
          t("staff.account.phone"),
          <>
            {formatPhone(account.phone)} ({yesNo(account.phoneVerified)})
          </>,
        ],
        [t("staff.account.otp"), t(account.otpEnabled ? "staff.account.otpOn" : "staff.account.otpOff")],
      ]}
    />
  );
}
