import { SignInResponse } from "@portier/shared/auth";
import { PasskeySignInOptions } from "@portier/shared/passkeys";
import type { RecoveryCodeInput } from "@portier/shared/recovery-codes";
import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  WebAuthnAbortService,
} from "@simplewebauthn/browser";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { api } from "../../../lib/api-client.ts";

export { browserSupportsWebAuthn, browserSupportsWebAuthnAutofill };

const asRequestOptions = (options: Record<string, unknown>) => options as unknown as PublicKeyCredentialRequestOptionsJSON;

/**
 * Sign-in with a passkey alone (ADR 040): a challenge bound to this browser (in an
 * HttpOnly cookie), the authenticator's answer, and the same answer as the password step.
 * With `autofill`, the browser offers the passkeys in the email field's suggestions
 * (conditional UI) and this waits until one is picked.
 */
export async function passkeySignIn({ autofill = false }: { autofill?: boolean } = {}) {
  const { options } = await api("/auth/passkey/options", { method: "POST", body: {}, schema: PasskeySignInOptions });
  const response = await startAuthentication({ optionsJSON: asRequestOptions(options), useBrowserAutofill: autofill });
  return api("/auth/passkey", { method: "POST", body: { response }, schema: SignInResponse });
}

/** Stops a waiting autofill request (leaving the page, or before a button's own request). */
export const cancelPasskeyRequest = () => WebAuthnAbortService.cancelCeremony();

export const usePasskeySignIn = () =>
  useMutation(mutationOptions({ mutationKey: ["auth", "passkey"], mutationFn: (autofill: boolean) => passkeySignIn({ autofill }) }));

/** The second step with a passkey: the challenge is bound to this browser's sign-in attempt (its cookie). */
export async function passkeySecondFactor() {
  const options = await api("/auth/sign-in/passkey/options", { method: "POST", body: {}, schema: z.record(z.string(), z.unknown()) });
  const response = await startAuthentication({ optionsJSON: asRequestOptions(options) });
  return api("/auth/sign-in/passkey", { method: "POST", body: { response }, schema: SignInResponse });
}

export const usePasskeySecondFactor = () =>
  useMutation(mutationOptions({ mutationKey: ["auth", "sign-in", "passkey"], mutationFn: passkeySecondFactor }));

/** The second step with a recovery code instead. */
export const signInRecoveryCode = (code: z.input<typeof RecoveryCodeInput>) =>
  api("/auth/sign-in/recovery-code", { method: "POST", body: { code }, schema: SignInResponse });

export const useSignInRecoveryCode = () =>
  useMutation(mutationOptions({ mutationKey: ["auth", "sign-in", "recovery-code"], mutationFn: signInRecoveryCode }));
