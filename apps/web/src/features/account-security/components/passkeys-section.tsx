import { CurrentPassword } from "@portier/shared/common";
import { ErrorCode } from "@portier/shared/errors";
import { OtpCode } from "@portier/shared/otp";
import { PasskeyName, type PasskeyView } from "@portier/shared/passkeys";
import { browserSupportsWebAuthn, WebAuthnError } from "@simplewebauthn/browser";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "../../../components/alert.tsx";
import { DataTable } from "../../../components/data-table.tsx";
import { ErrorWithRetry } from "../../../components/error-with-retry.tsx";
import { CheckboxField, TextField } from "../../../components/field.tsx";
import { CurrentPasswordField } from "../../../components/password-field.tsx";
import { RecoveryCodesView } from "../../../components/recovery-codes-view.tsx";
import { RowButton } from "../../../components/row-button.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { useForm } from "../../../lib/use-form.ts";
import { useAddPasskey, usePasskeys, useRemovePasskey, useRenamePasskey } from "../api/passkeys.ts";
import { SecuritySection } from "./security-section.tsx";

/** What each passkey's row offers: each opens its panel (`passkeys.<action>`, `passkeys.<action>Of` name its button). */
const ROW_ACTIONS = ["rename", "remove"] as const;

type Panel = { name: "none" } | { name: "add" } | { name: (typeof ROW_ACTIONS)[number]; passkey: PasskeyView };

/** The browser said no (cancelled, timed out, no authenticator): a message of our own, not the browser's. */
function ceremonyFailed(error: unknown) {
  return error instanceof WebAuthnError || (error instanceof Error && error.name === "NotAllowedError");
}

/**
 * Account Security → Passkeys (issue 17, ADR 040): sign in without a password, or use one
 * as the second factor after it. Adding one asks for the password (and a current code with
 * OTP on); each change is emailed to you and shown in the login history.
 */
export function PasskeysSection() {
  const { t, i18n } = useTranslation();
  const list = usePasskeys();
  const [panel, setPanel] = useState<Panel>({ name: "none" });
  const [codes, setCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const date = (iso: string | null) =>
    iso ? new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso)) : t("passkeys.never");
  const close = (message?: string) => {
    setPanel({ name: "none" });
    setNotice(message ?? null);
  };

  let body: React.ReactNode;
  if (list.isError) body = <ErrorWithRetry error={list.error} onRetry={() => void list.refetch()} />;
  else if (!list.data) body = <p role="status">{t("common.loading")}</p>;
  else {
    const { passkeys, otpEnabled } = list.data;
    body = (
      <>
        {passkeys.length === 0 ? (
          <p>{t("passkeys.none")}</p>
        ) : (
          <DataTable
            caption={t("passkeys.caption")}
            captionHidden
            columns={[
              t("passkeys.name"),
              t("passkeys.created"),
              t("passkeys.lastUsed"),
              t("passkeys.kind"),
              { hidden: t("passkeys.actions") },
            ]}
          >
            {passkeys.map((passkey) => (
              <tr key={passkey.id}>
                <th scope="row">{passkey.name}</th>
                <td>{date(passkey.createdAt)}</td>
                <td>{date(passkey.lastUsedAt)}</td>
                <td>{passkey.synced ? t("passkeys.synced") : t("passkeys.deviceBound")}</td>
                <td>
                  <div className="button-row">
                    {ROW_ACTIONS.map((action) => (
                      <RowButton
                        key={action}
                        label={t(`passkeys.${action}Of`, { name: passkey.name })}
                        secondary
                        disabled={false}
                        onClick={() => setPanel({ name: action, passkey })}
                      >
                        {t(`passkeys.${action}`)}
                      </RowButton>
                    ))}
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        {panel.name === "add" && (
          <AddPasskey
            otpEnabled={otpEnabled}
            onCancel={() => close()}
            onAdded={(recoveryCodes) => {
              close(t("passkeys.added"));
              if (recoveryCodes) setCodes(recoveryCodes);
            }}
          />
        )}
        {panel.name === "rename" && <RenamePasskey passkey={panel.passkey} onDone={close} />}
        {panel.name === "remove" && <RemovePasskey passkey={panel.passkey} last={passkeys.length === 1 && !otpEnabled} onDone={close} />}
        {panel.name === "none" &&
          (browserSupportsWebAuthn() ? (
            <button type="button" className="button" onClick={() => setPanel({ name: "add" })}>
              {t("passkeys.add")}
            </button>
          ) : (
            <p className="muted">{t("passkeys.unsupported")}</p>
          ))}
      </>
    );
  }

  return (
    <SecuritySection id="passkeys" title={t("passkeys.title")} intro={t("passkeys.intro")}>
      <div role="status">{notice && <p className="alert alert-success">{notice}</p>}</div>
      {codes && <RecoveryCodesView codes={codes} onDone={() => setCodes(null)} />}
      {body}
    </SecuritySection>
  );
}

const AddForm = z.strictObject({ name: PasskeyName, password: CurrentPassword, code: z.union([OtpCode, z.literal("")]) });

function AddPasskey({ otpEnabled, onCancel, onAdded }: { otpEnabled: boolean; onCancel: () => void; onAdded: (codes?: string[]) => void }) {
  const { t } = useTranslation();
  const add = useAddPasskey();
  const form = useForm({ schema: AddForm, initial: { name: t("passkeys.defaultName"), password: "", code: "" } });
  const onSubmit = form.onSubmit(async ({ name, password, code }) => {
    try {
      const result = await add.mutateAsync({ name, password, ...(code ? { code } : {}) });
      onAdded(result.recoveryCodes);
    } catch (error) {
      if (ceremonyFailed(error)) return form.setErrors({ fields: {}, form: t("passkeys.ceremonyFailed") });
      if (error instanceof ApiError && error.code === ErrorCode.OTP_INVALID) return form.fail(error, "code");
      throw error;
    }
  });
  return (
    <form ref={form.ref} onSubmit={onSubmit} noValidate className="otp-panel">
      <h3>{t("passkeys.addTitle")}</h3>
      {form.errors.form && <Alert>{form.errors.form}</Alert>}
      <TextField {...form.field("name")} label={t("passkeys.nameLabel")} hint={t("passkeys.nameHint")} maxLength={60} />
      <CurrentPasswordField {...form.field("password")} />
      {otpEnabled && <TextField {...form.field("code")} label={t("passkeys.otpCode")} inputMode="numeric" autoComplete="one-time-code" />}
      <div className="button-row">
        <SubmitButton pending={form.pending} pendingLabel={t("passkeys.adding")}>
          {t("passkeys.addSubmit")}
        </SubmitButton>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t("passkeys.cancel")}
        </button>
      </div>
    </form>
  );
}

/** A panel's submit button and its Cancel. */
function PanelButtons(props: { pending: boolean; pendingLabel: string; onCancel: () => void; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="button-row">
      <SubmitButton pending={props.pending} pendingLabel={props.pendingLabel}>
        {props.children}
      </SubmitButton>
      <button type="button" className="button button-secondary" onClick={props.onCancel}>
        {t("passkeys.cancel")}
      </button>
    </div>
  );
}

const RenameForm = z.strictObject({ name: PasskeyName });

function RenamePasskey({ passkey, onDone }: { passkey: PasskeyView; onDone: (message?: string) => void }) {
  const { t } = useTranslation();
  const rename = useRenamePasskey();
  const form = useForm({ schema: RenameForm, initial: { name: passkey.name } });
  const onSubmit = form.onSubmit(async ({ name }) => {
    await rename.mutateAsync({ id: passkey.id, name });
    onDone(t("passkeys.renamed"));
  });
  return (
    <form ref={form.ref} onSubmit={onSubmit} noValidate className="otp-panel">
      <h3>{t("passkeys.renameTitle", { name: passkey.name })}</h3>
      {form.errors.form && <Alert>{form.errors.form}</Alert>}
      <TextField {...form.field("name")} label={t("passkeys.nameLabel")} maxLength={60} />
      <PanelButtons pending={form.pending} pendingLabel={t("passkeys.saving")} onCancel={() => onDone()}>
        {t("passkeys.save")}
      </PanelButtons>
    </form>
  );
}

const RemoveForm = z.strictObject({ password: CurrentPassword, confirmLastSecondFactor: z.boolean() });

function RemovePasskey({ passkey, last, onDone }: { passkey: PasskeyView; last: boolean; onDone: (message?: string) => void }) {
  const { t } = useTranslation();
  const remove = useRemovePasskey();
  const form = useForm({ schema: RemoveForm, initial: { password: "", confirmLastSecondFactor: false } });
  const onSubmit = form.onSubmit(async (request) => {
    await remove.mutateAsync({ id: passkey.id, ...request });
    onDone(t("passkeys.removed"));
  });
  return (
    <form ref={form.ref} onSubmit={onSubmit} noValidate className="otp-panel">
      <h3>{t("passkeys.removeTitle", { name: passkey.name })}</h3>
      {form.errors.form && <Alert>{form.errors.form}</Alert>}
      <CurrentPasswordField {...form.field("password")} />
      {last && (
        <>
          <Alert>{t("passkeys.lastWarning")}</Alert>
          <CheckboxField {...form.checkbox("confirmLastSecondFactor")} label={t("passkeys.confirmLast")} />
        </>
      )}
      <PanelButtons pending={form.pending} pendingLabel={t("passkeys.removing")} onCancel={() => onDone()}>
        {t("passkeys.removeSubmit")}
      </PanelButtons>
    </form>
  );
}
