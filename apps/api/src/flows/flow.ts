/**
 * The flow-module contract (ADR 033): a flow declares what it contributes — its routes
 * under /api/v1, its error codes, the emails and text messages it sends (with their texts,
 * in its messages.ts), the purposes of the links it emails — and the app is assembled
 * from the one list of flows (index.ts).
 * Adding a flow is its folder, with a `flow.ts` that calls `defineFlow`, plus one line in
 * that list.
 *
 * `routes` receives the API scope and the parts the app assembled (`AppParts`): what
 * several flows share is built once in app.ts (sessions, the login service and its
 * sign-in hooks, OTP, …); what only one flow uses, it builds itself in `routes`.
 * Registering goes through Fastify's `register`, so each route plugin's options are
 * checked against what the flow passes, with the zod type provider's types.
 */
import type { ErrorSpecs } from "@portier/shared/define-errors";
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { CaptchaVerifier } from "../captcha/captcha.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import type { Encryptor } from "../lib/encryption.ts";
import type { AnyMessage } from "../outbox/messages.ts";
import type { Outbox } from "../outbox/outbox.ts";
import type { PasswordHasher } from "../passwords/hashing.ts";
import type { PasswordRecheck } from "../passwords/recheck.ts";
import type { SessionService } from "../sessions/service.ts";
import type { StaffSessions } from "../staff/sessions.ts";
import type { LinkPurpose } from "../verification/links.ts";
import type { SmsCodes } from "../verification/sms-codes.ts";
import type { LoginService } from "./login/service.ts";
import type { LoginThrottle } from "./login/throttle.ts";
import type { LoginNotifications } from "./login-notifications/service.ts";
import type { ConnectedServices } from "./oidc-provider/connected-services.ts";
import type { OtpService } from "./otp/service.ts";
import type { RecoveryCodesService } from "./recovery-codes/service.ts";
import type { SharedLoginService } from "./shared-login/service.ts";
import type { SignupService } from "./signup/service.ts";

/** The /api/v1 scope a flow registers its routes in. */
export type ApiScope = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What app.ts assembles once and hands to every flow's `routes`. */
export interface AppParts {
  config: Config;
  db: Db;
  clock: Clock;
  outbox: Outbox;
  hasher: PasswordHasher;
  encryptor: Encryptor;
  captcha: CaptchaVerifier;
  verifyCaptcha(solution: string, ip: string): Promise<boolean>;
  sessions: SessionService;
  staffSessions: StaffSessions;
  smsCodes: SmsCodes;
  recheck: PasswordRecheck;
  throttle: LoginThrottle;
  signup: SignupService;
  otp: OtpService;
  recoveryCodes: RecoveryCodesService;
  notifications: LoginNotifications;
  login: LoginService;
  sharedLogin: SharedLoginService;
  connectedServices: ConnectedServices;
}

export interface Flow {
  /** Its folder's name. */
  readonly name: string;
  /** The error codes it answers with (declared in its shared module, @portier/shared/<flow>). */
  readonly errors?: ErrorSpecs;
  /**
   * The emails and text messages it sends, each in English and Czech: its `messages.ts`
   * (`defineMessages`). A text message declared with `smsCode` is the text of the codes
   * of that SMS purpose.
   */
  readonly messages?: Readonly<Record<string, AnyMessage>>;
  /** The purposes of the single-use links it emails (verification/links.ts). */
  readonly linkPurposes?: readonly LinkPurpose[];
  /** Whether it is on with this configuration (dev-only flows); on when absent. */
  readonly enabled?: (config: Config) => boolean;
  /** Registers its routes in the /api/v1 scope. */
  readonly routes?: (api: ApiScope, app: AppParts) => PromiseLike<unknown>;
}

/** Declares a flow module; the identity, for the types (`const` keeps its literal names). */
export function defineFlow<const F extends Flow>(flow: F): F {
  return flow;
}
