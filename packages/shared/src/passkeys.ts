import { z } from "zod";
import { AttemptTokenField, CurrentPassword, singleLine } from "./common.ts";
import { defineErrors } from "./define-errors.ts";
import { OtpCode } from "./otp.ts";

/**
 * Passkeys (WebAuthn Level 3; issue 17, ADR 040): registered in Account Security, used to
 * sign in alone (a discoverable credential counts as both factors) or as the second
 * factor after the password.
 */

/** How long a WebAuthn challenge may be answered (the ceremony's own timeout is the same). */
export const PASSKEY_CHALLENGE_TTL_MINUTES = 5;
/** Passkeys per account: plenty for every device a person owns, a bound on the list. */
export const PASSKEYS_PER_ACCOUNT = 20;

const b64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, "Expected base64url.");

/** Extension outputs the browser reports (e.g. credProps); read by the library, never trusted. */
const ClientExtensionResults = z.record(z.string().max(64), z.unknown());

/** What `navigator.credentials.create()` returns, as JSON (@simplewebauthn/browser's RegistrationResponseJSON). */
export const RegistrationResponse = z.strictObject({
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal("public-key"),
  response: z.strictObject({
    clientDataJSON: b64url(8000),
    attestationObject: b64url(20000),
    authenticatorData: b64url(8000).optional(),
    transports: z
      .array(z.enum(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]))
      .max(8)
      .optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url(8000).optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: ClientExtensionResults,
});

/** What `navigator.credentials.get()` returns, as JSON (AuthenticationResponseJSON). */
export const AuthenticationResponse = z.strictObject({
  id: b64url(1400),
  rawId: b64url(1400),
  type: z.literal("public-key"),
  response: z.strictObject({
    clientDataJSON: b64url(8000),
    authenticatorData: b64url(8000),
    signature: b64url(2000),
    userHandle: b64url(200).optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: ClientExtensionResults,
});

/**
 * The ceremony's options as the browser library takes them (PublicKeyCredentialCreationOptionsJSON
 * or …RequestOptionsJSON); described loosely: the server builds them, the client passes them on.
 */
export const CeremonyOptions = z.record(z.string(), z.unknown()).meta({ id: "WebAuthnOptions" });

export const PasskeyName = singleLine(z.string().trim().min(1, "Give the passkey a name.").max(60, "At most 60 characters."));

export const PasskeyView = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    /** Synced across the customer's devices by their platform (backup eligible), or bound to one device. */
    synced: z.boolean(),
  })
  .meta({ id: "Passkey" });
export type PasskeyView = z.infer<typeof PasskeyView>;

export const PasskeyList = z
  .object({
    passkeys: z.array(PasskeyView),
    /** Whether the account has OTP on (registering then also asks for a current code). */
    otpEnabled: z.boolean(),
  })
  .meta({ id: "PasskeyList" });

/** Re-authentication before a new passkey: the password, and a current code when OTP is on. */
export const PasskeyRegistrationOptionsRequest = z
  .strictObject({ password: CurrentPassword, code: OtpCode.optional() })
  .meta({ id: "PasskeyRegistrationOptionsRequest" });

export const PasskeyRegistrationRequest = z
  .strictObject({ name: PasskeyName, response: RegistrationResponse })
  .meta({ id: "PasskeyRegistrationRequest" });

export const PasskeyRegistered = z
  .object({
    passkey: PasskeyView,
    /** Present when this passkey turned two-factor sign-in on: the new recovery codes, shown once. */
    recoveryCodes: z.array(z.string()).optional(),
  })
  .meta({ id: "PasskeyRegistered" });

export const PasskeyRenameRequest = z.strictObject({ name: PasskeyName }).meta({ id: "PasskeyRenameRequest" });

export const PasskeyRemoveRequest = z
  .strictObject({
    password: CurrentPassword,
    /** Required when this is the account's last second factor: sign-in then needs the password only. */
    confirmLastSecondFactor: z.boolean().optional(),
  })
  .meta({ id: "PasskeyRemoveRequest" });

export const PasskeyIdParams = z.strictObject({ id: z.uuid("No such passkey.") });

/** Sign-in with a passkey alone: the options; bearer clients also get the challenge's binding token. */
export const PasskeySignInOptions = z
  .object({ options: CeremonyOptions, challengeToken: z.string().optional() })
  .meta({ id: "PasskeySignInOptions" });

export const PasskeySignInOptionsRequest = z
  .strictObject({ tokenDelivery: z.enum(["cookie", "bearer"]).optional() })
  .meta({ id: "PasskeySignInOptionsRequest" });

export const PasskeySignInRequest = z
  .strictObject({
    response: AuthenticationResponse,
    /** Bearer clients: the `challengeToken` of the options (browsers hold it in a cookie). */
    challengeToken: singleLine(z.string().max(64)).optional(),
  })
  .meta({ id: "PasskeySignInRequest" });

/** The second step with a passkey: the attempt cookie, or `attemptToken` for bearer clients. */
export const PasskeySecondFactorOptionsRequest = z
  .strictObject({ attemptToken: AttemptTokenField })
  .meta({ id: "PasskeySecondFactorOptionsRequest" });

export const PasskeySecondFactorRequest = z
  .strictObject({ response: AuthenticationResponse, attemptToken: AttemptTokenField })
  .meta({ id: "PasskeySecondFactorRequest" });

export const passkeyErrors = defineErrors({
  /** The passkey's answer did not verify (wrong origin or RP id, bad signature, no user verification, unknown credential, counter gone back). */
  PASSKEY_INVALID: { status: 400, params: z.object({ remainingTries: z.number().int().optional() }) },
  /** The challenge is unknown, already used, expired, or belongs to another sign-in or browser. */
  PASSKEY_CHALLENGE_INVALID: { status: 400 },
  /** That authenticator is already registered (to this or another account). */
  PASSKEY_ALREADY_REGISTERED: { status: 409 },
  PASSKEY_LIMIT: { status: 409, params: z.object({ max: z.number().int() }) },
  PASSKEY_NOT_FOUND: { status: 404 },
  /** Removing it would turn two-factor sign-in off: send `confirmLastSecondFactor: true` to go ahead. */
  PASSKEY_LAST_SECOND_FACTOR: { status: 409 },
});
