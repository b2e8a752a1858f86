import type { ConnectedService } from "@portier/shared/oidc";
import { useTranslation } from "react-i18next";
import { DataTable, headings } from "../../../components/data-table.tsx";
import { DateCell } from "../../../components/date-time.tsx";
import { ListPage } from "../../../components/list-page.tsx";
import { useOutcome } from "../../../components/outcome.tsx";
import { RowButton } from "../../../components/row-button.tsx";
import { API_SCOPE_KEY } from "../../../lib/oauth-scopes.ts";
import { useConnectedServices } from "../api/get-connected-services.ts";
import { useRevokeConnectedService } from "../api/revoke-connected-service.ts";

/**
 * Account → Connected services (SPEC §11): the services allowed to sign the customer in
 * with Sign in with Portier, and revoking one (its tokens stop working at once).
 */
export function ConnectedServicesPage() {
  const { t } = useTranslation();
  const services = useConnectedServices();
  const revoke = useRevokeConnectedService();
  const outcome = useOutcome();

  const onRevoke = (service: ConnectedService) =>
    outcome.track(revoke.mutate, service.clientId, () => t("connectedServices.revoked", { service: service.name }));

  // What it may see (OpenID scopes) and do on the REST API for the customer (ADR 041).
  const access = (service: ConnectedService) =>
    service.scopes.length === 0 && service.apiScopes.length === 0
      ? t("connectedServices.identifierOnly")
      : [
          ...service.scopes.map((scope) => t(`connectedServices.scopes.${scope}`)),
          ...service.apiScopes.map((scope) => t(`connectedServices.apiScopes.${API_SCOPE_KEY[scope]}`)),
        ].join(", ");

  return (
    <ListPage title={t("connectedServices.title")} intro={t("connectedServices.intro")} outcome={outcome} query={services}>
      {({ services: list }) =>
        list.length === 0 ? (
          <p>{t("connectedServices.empty")}</p>
        ) : (
          <DataTable
            caption={t("connectedServices.title")}
            captionHidden
            columns={[
              ...headings(t, "connectedServices", ["service", "access", "authorizedAt", "lastUsedAt"]),
              { hidden: t("connectedServices.revoke") },
            ]}
          >
            {list.map((service) => (
              <tr key={service.clientId}>
                <th scope="row">{service.name}</th>
                <td>{access(service)}</td>
                <DateCell at={service.authorizedAt} />
                <DateCell at={service.lastUsedAt} />
                <td>
                  <RowButton
                    secondary
                    label={t("connectedServices.revokeLabel", { service: service.name })}
                    disabled={revoke.isPending}
                    onClick={() => onRevoke(service)}
                  >
                    {t(
                      revoke.isPending && revoke.variables === service.clientId ? "connectedServices.revoking" : "connectedServices.revoke",
                    )}
                  </RowButton>
                </td>
              </tr>
            ))}
          </DataTable>
        )
      }
    </ListPage>
  );
}
