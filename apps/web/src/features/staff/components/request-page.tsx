import type { StaffMe } from "@portier/shared/staff";
import { useTranslation } from "react-i18next";
import { useOutletContext, useParams } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { LinkLine } from "../../../components/link-line.tsx";
import { useProblem } from "../../../lib/problem.ts";
import { useFormat } from "../../../lib/use-format.ts";
import { useSupportRequest } from "../api/get-request.ts";
import { AccountSection } from "./account-section.tsx";
import { AuditTable } from "./audit-table.tsx";
import { EndSessionsSection } from "./end-sessions-section.tsx";
import { IdentitySection } from "./identity-section.tsx";
import { ResolutionSection } from "./resolution-section.tsx";

/**
 * One support request, worked top to bottom: what the customer asked, the account it is
 * about, the SMS check of the phone on file, the resolution — and its audit trail.
 */
export function RequestPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const me = useOutletContext<StaffMe>();
  const problem = useProblem();
  const format = useFormat();
  const query = useSupportRequest(id);
  const request = query.data;

  if (query.isError) {
    return (
      <section>
        <Alert>{problem.message(query.error)}</Alert>
        <LinkLine to="/staff">{t("staff.request.back")}</LinkLine>
      </section>
    );
  }
  if (!request) return <p role="status">{t("common.loading")}</p>;
  const open = request.status === "open";
  const given = (value: string | null) => value ?? <span className="muted">{t("staff.request.notGiven")}</span>;

  return (
    <section>
      <LinkLine to="/staff">{t("staff.request.back")}</LinkLine>
      <h1>{t("staff.request.title", { reference: request.reference })}</h1>
      <dl className="details">
        <div>
          <dt>{t("staff.request.type")}</dt>
          <dd>{t(`staff.types.${request.type}`)}</dd>
        </div>
        <div>
          <dt>{t("staff.request.status")}</dt>
          <dd data-testid="request-status">
            {t(`staff.statuses.${request.status}`)}
            {request.resolution && request.status !== "rejected" ? ` — ${t(`staff.resolutions.${request.resolution}`)}` : ""}
          </dd>
        </div>
        <div>
          <dt>{t("staff.request.received")}</dt>
          <dd>{format.dateTime(request.createdAt)}</dd>
        </div>
        <div>
          <dt>{t("staff.request.contactEmail")}</dt>
          <dd>{request.contactEmail}</dd>
        </div>
        {request.type !== "email_hint" && (
          <div>
            <dt>{t(request.type === "email_change" ? "staff.request.oldEmail" : "staff.request.loginEmail")}</dt>
            <dd>{given(request.loginEmail)}</dd>
          </div>
        )}
        {request.type === "email_change" && (
          <div>
            <dt>{t("staff.request.newEmail")}</dt>
            <dd>{given(request.newEmail)}</dd>
          </div>
        )}
        <div>
          <dt>{t("staff.request.phone")}</dt>
          <dd>{given(request.phone)}</dd>
        </div>
        <div>
          <dt>{t("staff.request.details")}</dt>
          <dd style={{ whiteSpace: "pre-wrap" }}>{request.details || given(null)}</dd>
        </div>
        <div>
          <dt>{t("staff.request.language")}</dt>
          <dd>{t(`language.${request.locale === "cs" ? "cs" : "en"}`)}</dd>
        </div>
      </dl>

      <AccountSection request={request} open={open} />
      {request.account && open && <IdentitySection request={request} />}
      {open || request.status === "awaiting_email_verification" ? <ResolutionSection request={request} me={me} /> : null}
      {request.account && open && <EndSessionsSection request={request} me={me} />}

      <h2>{t("staff.request.historyTitle")}</h2>
      <AuditTable entries={request.audit} caption={t("staff.request.historyCaption", { reference: request.reference })} />
    </section>
  );
}
