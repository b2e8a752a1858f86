import type { SessionView } from "@portier/shared/sessions";
import { useTranslation } from "react-i18next";
import { useOutcome } from "../../../components/outcome.tsx";
import { beginEndingOnPurpose, finishEndingOnPurpose } from "../../../lib/session-ended.ts";
import { useGoToSignIn } from "../../../lib/sign-in-state.ts";
import { useRevokeSession } from "../api/revoke-session.ts";

/**
 * Signing out one session of the list: another browser's (the outcome says which), or this
 * one's — an ending on purpose (lib/session-ended.ts) that leads to the sign-in page.
 * `describe` names a session in the outcome's sentence.
 */
export function useSignOutSession(describe: (session: SessionView) => string) {
  const { t } = useTranslation();
  const revoke = useRevokeSession();
  const goToSignIn = useGoToSignIn();
  const outcome = useOutcome();

  function signOut(session: SessionView) {
    const current = session.current;
    if (current) beginEndingOnPurpose();
    outcome.track(
      revoke.mutate,
      session.id,
      () => (current ? void goToSignIn({ notice: "signedOut" }) : t("sessions.signedOut", { device: describe(session) })),
      () => current && finishEndingOnPurpose(),
    );
  }

  /** The session being signed out, if any (its button waits). */
  const pendingId = revoke.isPending ? (revoke.variables ?? null) : null;
  return { signOut, pendingId, outcome };
}
