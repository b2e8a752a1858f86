import { type LinkedIdentity, SharedLoginLinkRequest, type SharedLoginProvider, UnlinkRequest } from "@portier/shared/shared-login";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { DataTable, headings } from "../../../components/data-table.tsx";
import { DateCell, DateTime } from "../../../components/date-time.tsx";
import { ErrorWithRetry } from "../../../components/error-with-retry.tsx";
import { CurrentPasswordField } from "../../../components/password-field.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { useForm } from "../../../lib/use-form.ts";
import { useOverview, useUnlink } from "../api/identities.ts";
import { useStartLink } from "../api/start.ts";
import "./shared-login.css";

/**
 * Account → Shared Login (SPEC §7; seed 000): the linked identities with their last use
 * and sign-in history, "Link account" for each other provider, "Unlink account".
 */
export function SharedLoginPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const overview = useOverview();
  const linkedNotice = (location.state as { linked?: string } | null)?.linked;
  const [unlinked, setUnlinked] = useState<string | null>(null);

  return (
    <section>
      <h1>{t("sharedLogin.account.title")}</h1>
      <p>{t("sharedLogin.account.intro")}</p>
      <div role="status">
        {linkedNotice && !unlinked && <p className="alert alert-success">{t("sharedLogin.account.linked", { provider: linkedNotice })}</p>}
        {unlinked && <p className="alert alert-success">{t("sharedLogin.account.unlinked", { provider: unlinked })}</p>}
      </div>
      {overview.data ? (
        <>
          <IdentityList identities={overview.data.identities} onUnlinked={setUnlinked} />
          <LinkSection
            providers={overview.data.providers.filter((p) => !overview.data.identities.some((i) => i.provider.id === p.id))}
            needsPassword={overview.data.linkNeedsPassword}
          />
        </>
      ) : overview.isError ? (
        <ErrorWithRetry error={overview.error} onRetry={() => void overview.refetch()} />
      ) : (
        <p role="status">{t("common.loading")}</p>
      )}
    </section>
  );
}

function IdentityList({ identities, onUnlinked }: { identities: LinkedIdentity[]; onUnlinked: (provider: string) => void }) {
  const { t } = useTranslation();
  const [unlinking, setUnlinking] = useState<LinkedIdentity | null>(null);
  if (identities.length === 0) return <p className="muted">{t("sharedLogin.account.none")}</p>;
  return (
    <>
      <DataTable
        caption={t("sharedLogin.account.caption", { count: identities.length })}
        columns={[
          ...headings(t, "sharedLogin.account.columns", ["provider", "identity", "linkedAt", "lastUsedAt"]),
          { hidden: t("sharedLogin.account.columns.actions") },
        ]}
      >
        {identities.map((identity) => (
          <tr key={identity.id}>
            <th scope="row">{identity.provider.displayName}</th>
            <td>{[identity.name, identity.email].filter(Boolean).join(" · ") || t("common.unknown")}</td>
            <DateCell at={identity.linkedAt} />
            <td>{identity.lastUsedAt ? <DateTime at={identity.lastUsedAt} /> : t("sharedLogin.account.neverUsed")}</td>
            <td>
              <div className="identity-actions">
                <Link className="button button-secondary button-small" to={`/account/shared-login/${identity.id}`}>
                  <ClockIcon /> {t("sharedLogin.account.history")}
                  <span className="visually-hidden"> ({identity.provider.displayName})</span>
                </Link>
                <button type="button" className="button button-danger button-small" onClick={() => setUnlinking(identity)}>
                  {t("sharedLogin.account.unlink")}
                  <span className="visually-hidden"> ({identity.provider.displayName})</span>
                </button>
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
      {unlinking && (
        <UnlinkForm
          key={unlinking.id}
          identity={unlinking}
          onDone={() => {
            onUnlinked(unlinking.provider.displayName);
            setUnlinking(null);
          }}
          onCancel={() => setUnlinking(null)}
        />
      )}
    </>
  );
}

/** Unlinking needs the password (a stolen session alone cannot remove a way to sign in that the owner relies on). */
function UnlinkForm({ identity, onDone, onCancel }: { identity: LinkedIdentity; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const unlink = useUnlink();
  // Not given the form's ref: the password field has the focus already (autoFocus), as before this form had the hook.
  const form = useForm({ schema: UnlinkRequest, initial: { password: "" } });
  const onSubmit = form.onSubmit(async ({ password }) => {
    await unlink.mutateAsync({ id: identity.id, password });
    onDone();
  });

  return (
    <form className="card shared-login-section" onSubmit={onSubmit} noValidate aria-labelledby="unlink-heading">
      <h2 id="unlink-heading">{t("sharedLogin.account.unlinkTitle", { provider: identity.provider.displayName })}</h2>
      <p>{t("sharedLogin.account.unlinkIntro", { provider: identity.provider.displayName })}</p>
      {form.errors.form && <Alert>{form.errors.form}</Alert>}
      <CurrentPasswordField {...form.field("password")} id="unlink-password" autoFocus />
      <div className="button-row">
        <SubmitButton pending={form.pending} className="button button-danger">
          {t("sharedLogin.account.confirmUnlink")}
        </SubmitButton>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t("sharedLogin.account.cancel")}
        </button>
      </div>
    </form>
  );
}

/** The password a link asks for when the session's sign-in is not recent (the provider comes from the button). */
const LinkPassword = SharedLoginLinkRequest.pick({ password: true });

/** "Link account" for each provider without an identity here: a round trip to the provider and back. */
function LinkSection({ providers, needsPassword }: { providers: SharedLoginProvider[]; needsPassword: boolean }) {
  const { t } = useTranslation();
  const start = useStartLink();
  const form = useForm({
    schema: LinkPassword,
    initial: { password: "" },
    request: ({ password }) => (needsPassword ? { password } : {}),
  });
  if (providers.length === 0) return null;

  /** A provider's button submits the password (when needed) with that provider. */
  const link = (provider: string) =>
    form.onSubmit(async (request) => {
      const { authorizationUrl } = await start.mutateAsync({ provider, ...request });
      window.location.assign(authorizationUrl);
    });

  return (
    <section className="shared-login-section" aria-labelledby="link-heading">
      <h2 id="link-heading">{t("sharedLogin.account.linkTitle")}</h2>
      <p>{t("sharedLogin.account.linkIntro")}</p>
      {form.errors.form && <Alert>{form.errors.form}</Alert>}
      {needsPassword && (
        <CurrentPasswordField {...form.field("password")} id="link-password" hint={t("sharedLogin.account.linkPasswordHint")} />
      )}
      <div className="button-row">
        {providers.map((provider) => (
          <button key={provider.id} type="button" className="button" disabled={form.pending} onClick={link(provider.id)}>
            {t("sharedLogin.account.link", { provider: provider.displayName })}
          </button>
        ))}
      </div>
    </section>
  );
}

/** The seed's "green button with the clock icon": decorative, the text names it. */
function ClockIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}
