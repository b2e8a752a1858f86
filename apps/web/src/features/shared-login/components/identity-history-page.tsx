import { SUCCESSFUL_LOGIN_RESULTS } from "@portier/shared/login-history";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { DataTable, headings } from "../../../components/data-table.tsx";
import { DateTime } from "../../../components/date-time.tsx";
import { LinkLine } from "../../../components/link-line.tsx";
import { useProblem } from "../../../lib/problem.ts";
import { useFormat } from "../../../lib/use-format.ts";
import { useIdentityHistory } from "../api/identities.ts";

/** Account → Shared Login → one identity's sign-ins, newest first (seed 000: "the clock icon"). */
export function IdentityHistoryPage() {
  const { t } = useTranslation();
  const problem = useProblem();
  const format = useFormat();
  const { id = "" } = useParams();
  const history = useIdentityHistory(id);

  if (history.isError) {
    return (
      <section>
        <h1>{t("sharedLogin.history.title")}</h1>
        <Alert>{problem.message(history.error)}</Alert>
        <LinkLine to="/account/shared-login">{t("sharedLogin.history.back")}</LinkLine>
      </section>
    );
  }
  if (!history.data) return <p role="status">{t("common.loading")}</p>;
  const { identity, items } = history.data;
  const who = [identity.name, identity.email].filter(Boolean).join(" · ");

  return (
    <section>
      <h1>{t("sharedLogin.history.titleOf", { provider: identity.provider.displayName })}</h1>
      <p>{t("sharedLogin.history.intro", { identity: who || identity.provider.displayName })}</p>
      {items.length === 0 ? (
        <p className="muted">{t("sharedLogin.history.none")}</p>
      ) : (
        <DataTable
          caption={t("sharedLogin.history.caption", { count: items.length })}
          columns={[...headings(t, "loginHistory.columns", ["time", "result", "ip", "country", "device"])]}
        >
          {items.map((row) => (
            <tr key={row.id}>
              <th scope="row">
                <Link to={`/account/login-history/${row.id}`}>
                  <DateTime at={row.at} />
                </Link>
              </th>
              <td>
                <span className={SUCCESSFUL_LOGIN_RESULTS.includes(row.result) ? "badge badge-ok" : "badge badge-warn"}>
                  {t(`loginHistory.results.${row.result}`, { defaultValue: row.result })}
                </span>
              </td>
              <td>{row.ip}</td>
              <td>{format.country(row.country)}</td>
              <td>{t("loginHistory.device", { browser: row.browser || t("common.unknown"), os: row.os || t("common.unknown") })}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <LinkLine to="/account/shared-login">{t("sharedLogin.history.back")}</LinkLine>
    </section>
  );
}
