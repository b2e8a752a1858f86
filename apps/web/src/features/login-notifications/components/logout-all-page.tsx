import { ErrorCode } from "@portier/shared/errors";
import { LOGOUT_ALL_LINK_TTL_DAYS } from "@portier/shared/login-notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Alert } from "../../../components/alert.tsx";
import { ButtonLinkCard, linkPage } from "../../../components/card-page.tsx";
import { ActionButton } from "../../../components/submit-button.tsx";
import { linkProblemOf, linkProblemText } from "../../../lib/link-token.ts";
import { useLogoutAllByLink } from "../api/logout-all.ts";

/** Answers after which the link cannot log anything out (a withdrawn link's answer is shown above the button). */
const LINK_OVER: ReadonlySet<string> = new Set([ErrorCode.TOKEN_EXPIRED, ErrorCode.TOKEN_USED, ErrorCode.TOKEN_INVALID]);

function LogoutAll() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const logout = useLogoutAllByLink();
  const over = linkProblemOf(logout.error, LINK_OVER);

  function run(linkToken: string) {
    logout.mutate(linkToken, {
      // This browser may have been signed in to that account: forget whatever was shown.
      onSuccess: () => queryClient.removeQueries(),
    });
  }

  return (
    <ButtonLinkCard
      title={t("logoutAllLink.title")}
      footer={<Link to="/sign-in">{t("logoutAllLink.toSignIn")}</Link>}
      invalid={t("logoutAllLink.invalid")}
      result={
        logout.data ? (
          <>
            <Alert tone="success">{t("logoutAllLink.done", { count: logout.data.ended })}</Alert>
            <p>{t("logoutAllLink.next")}</p>
          </>
        ) : (
          over && <Alert>{linkProblemText(t, over, "logoutAllLink", { days: LOGOUT_ALL_LINK_TTL_DAYS })}</Alert>
        )
      }
    >
      {(token) => (
        <>
          <p>{t("logoutAllLink.intro")}</p>
          <ul>
            {(["effectSessions", "effectSignIns", "effectServices", "effectPassword"] as const).map((effect) => (
              <li key={effect}>{t(`logoutAllLink.${effect}`)}</li>
            ))}
          </ul>
          <ActionButton
            failure={logout.error}
            pending={logout.isPending}
            pendingLabel={t("logoutAllLink.loggingOut")}
            danger
            onClick={() => run(token)}
          >
            {t("logoutAllLink.confirm")}
          </ActionButton>
        </>
      )}
    </ButtonLinkCard>
  );
}

/**
 * "Log out all sessions" from a sign-in notification email (SPEC §2; seed 002,
 * `/logout-all/…`). The page says what will happen and acts only on the button (a POST):
 * mail scanners that open links log nobody out.
 */
export const LogoutAllPage = linkPage(LogoutAll);
