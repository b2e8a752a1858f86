import { ErrorCode } from "@portier/shared/errors";
import { PASSWORD_RESET_LINK_TTL_MINUTES, PasswordResetCompleteRequest } from "@portier/shared/password-reset";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "../../../components/alert.tsx";
import { InspectedLinkCard, linkPage } from "../../../components/card-page.tsx";
import { Form } from "../../../components/form.tsx";
import { LinkLine } from "../../../components/link-line.tsx";
import { NewPasswordTwice } from "../../../components/password-field.tsx";
import { SubmitButton } from "../../../components/submit-button.tsx";
import { SuccessWithSignIn } from "../../../components/success-with-sign-in.tsx";
import { LINK_PROBLEMS, linkProblemOf, linkProblemText } from "../../../lib/link-token.ts";
import { useForm } from "../../../lib/use-form.ts";
import { useFormat } from "../../../lib/use-format.ts";
import { useCompletePasswordReset } from "../api/complete-reset.ts";
import { useInspectResetLink } from "../api/inspect-link.ts";

/** Answers after which this link cannot be used here. */
const RESET_LINK_PROBLEMS: ReadonlySet<string> = new Set([ErrorCode.RESET_LINK_OTHER_DEVICE, ...LINK_PROBLEMS]);

type Outcome = "changed" | { link: string };

function ResetPassword() {
  const { t } = useTranslation();
  const format = useFormat();
  const inspect = useInspectResetLink();
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  return (
    <InspectedLinkCard
      title={t("resetPassword.title")}
      inspect={inspect}
      problems={RESET_LINK_PROBLEMS}
      problem={(code) => <LinkProblem code={code} />}
      checking={t("resetPassword.checking")}
      result={
        outcome &&
        (outcome === "changed" ? (
          <SuccessWithSignIn message={t("resetPassword.changed")} signIn={t("resetPassword.signIn")} />
        ) : (
          <LinkProblem code={outcome.link} />
        ))
      }
    >
      {(token, info) => (
        <>
          <p>{t("resetPassword.intro", { email: info.email })}</p>
          <p className="muted">{t("resetPassword.validUntil", { time: format.dateTime(info.expiresAt) })}</p>
          <NewPasswordForm token={token} onChanged={() => setOutcome("changed")} onLinkProblem={(code) => setOutcome({ link: code })} />
        </>
      )}
    </InspectedLinkCard>
  );
}

/** Why the link cannot be used here, and the way on: a new link asked for in this browser. */
function LinkProblem({ code }: { code: string }) {
  const { t } = useTranslation();
  const text =
    code === ErrorCode.RESET_LINK_OTHER_DEVICE
      ? t("resetPassword.otherDevice")
      : linkProblemText(t, code, "resetPassword", { minutes: PASSWORD_RESET_LINK_TTL_MINUTES });
  return (
    <>
      <Alert>{text}</Alert>
      {code === ErrorCode.RESET_LINK_OTHER_DEVICE && <p>{t("resetPassword.otherDeviceHelp")}</p>}
      <LinkLine to="/forgot-password">{t("resetPassword.requestNew")}</LinkLine>
      <LinkLine to="/sign-in">{t("resetPassword.toSignIn")}</LinkLine>
    </>
  );
}

interface NewPasswordFormProps {
  token: string;
  onChanged: () => void;
  /** The link stopped working meanwhile (used, expired, replaced): the page says so instead of the form. */
  onLinkProblem: (code: string) => void;
}

function NewPasswordForm({ token, onChanged, onLinkProblem }: NewPasswordFormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const complete = useCompletePasswordReset();
  const form = useForm({
    schema: PasswordResetCompleteRequest,
    initial: { password: "", passwordConfirmation: "" },
    request: (values) => ({ token, ...values }),
    // The API says the same (PASSWORDS_DO_NOT_MATCH); no need to ask it.
    check: (values) =>
      values.password === values.passwordConfirmation ? {} : { passwordConfirmation: t("errors.PASSWORDS_DO_NOT_MATCH") },
  });

  const onSubmit = form.onSubmit(async (request) => {
    try {
      await complete.mutateAsync(request);
    } catch (error) {
      const link = linkProblemOf(error, RESET_LINK_PROBLEMS);
      if (link) return onLinkProblem(link);
      throw error;
    }
    // Every session of the account has ended, this browser's too: forget what was cached.
    queryClient.removeQueries();
    onChanged();
  });

  return (
    <Form form={form} onSubmit={onSubmit}>
      <NewPasswordTwice password={form.field("password")} again={form.field("passwordConfirmation")} />
      <SubmitButton pending={form.pending} pendingLabel={t("resetPassword.submitting")}>
        {t("resetPassword.submit")}
      </SubmitButton>
    </Form>
  );
}

/**
 * The emailed link is /reset-password#token=…: a fragment never reaches a server log
 * or a Referer. The page reads it once, removes it from the address bar (lib/link-token.ts),
 * and asks the API whether the link works in this browser (it works only in the one that
 * asked for it, SPEC §6). Then the new password, twice (seed 001). A second link opened
 * in the same tab is only a fragment change: a fresh page instance takes it.
 */
export const ResetPasswordPage = linkPage(ResetPassword);
