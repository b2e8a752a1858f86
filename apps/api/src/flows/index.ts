/**
 * Every flow of the API, in the order their routes are registered under /api/v1 (ADR 033).
 * app.ts registers the routes from this list and takes the texts of the SMS codes from it;
 * the error catalogue, the message registry and the link purposes are checked against it
 * (flows.test.ts), and the OpenAPI document lists each flow's error codes. A new flow is
 * its folder plus one line here.
 */
import type { ErrorSpec, ErrorSpecs } from "@portier/shared/define-errors";
import { layerErrors, requestErrors } from "@portier/shared/errors";
import { z } from "zod";
import type { AnyMessage } from "../outbox/messages.ts";
import { SMS_PURPOSES, type SmsCodeMessage, type SmsPurpose } from "../verification/sms-codes.ts";
import { accountFlow } from "./account/flow.ts";
import { accountSettingsFlow } from "./account-settings/flow.ts";
import { devClockFlow } from "./dev-clock/flow.ts";
import { devMailboxFlow } from "./dev-mailbox/flow.ts";
import { devSeedFlow } from "./dev-seed/flow.ts";
import type { Flow } from "./flow.ts";
import { loginFlow } from "./login/flow.ts";
import { loginHistoryFlow } from "./login-history/flow.ts";
import { loginNotificationsFlow } from "./login-notifications/flow.ts";
import { metaFlow } from "./meta/flow.ts";
import { oidcProviderFlow } from "./oidc-provider/flow.ts";
import { otpFlow } from "./otp/flow.ts";
import { otpRecoveryFlow } from "./otp-recovery/flow.ts";
import { passkeysFlow } from "./passkeys/flow.ts";
import { passwordResetFlow } from "./password-reset/flow.ts";
import { recoveryCodesFlow } from "./recovery-codes/flow.ts";
import { sessionsFlow } from "./sessions/flow.ts";
import { sharedLoginFlow } from "./shared-login/flow.ts";
import { signupFlow } from "./signup/flow.ts";
import { staffFlow } from "./staff/flow.ts";
import { supportFlow } from "./support/flow.ts";

export const flows: readonly Flow[] = [
  metaFlow,
  signupFlow,
  loginFlow,
  accountFlow,
  accountSettingsFlow,
  sessionsFlow,
  otpFlow,
  otpRecoveryFlow,
  recoveryCodesFlow,
  passkeysFlow,
  supportFlow,
  staffFlow,
  loginNotificationsFlow,
  loginHistoryFlow,
  oidcProviderFlow,
  sharedLoginFlow,
  passwordResetFlow,
  devMailboxFlow,
  devClockFlow,
  devSeedFlow,
];

/** Which flow (or lower layer, or `request` for the cross-cutting codes) declares each error code. */
export function errorOwners(): Map<string, { owner: string; spec: ErrorSpec }> {
  const owners = new Map<string, { owner: string; spec: ErrorSpec }>();
  const groups: [string, ErrorSpecs][] = [
    ["request", requestErrors],
    ...Object.entries(layerErrors).map(([layer, specs]): [string, ErrorSpecs] => [`layer:${layer}`, specs]),
    ...flows.map((flow): [string, ErrorSpecs] => [flow.name, flow.errors ?? {}]),
  ];
  for (const [owner, specs] of groups) {
    for (const [code, spec] of Object.entries(specs)) {
      const other = owners.get(code);
      if (other) throw new Error(`error code ${code} is declared by both ${other.owner} and ${owner}`);
      owners.set(code, { owner, spec });
    }
  }
  return owners;
}

/**
 * The error catalogue as an OpenAPI schema (`components.schemas.ErrorCatalogue`): per
 * code, the flow that declares it, its one status and the JSON schema of its `params`.
 */
export function errorCatalogueSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [code, { owner, spec }] of errorOwners()) {
    properties[code] = {
      type: "object",
      description: `Declared by ${owner}.`,
      properties: {
        status: { const: spec.status },
        ...(spec.params ? { params: paramsSchema(spec.params) } : {}),
        ...(spec.retryAfter ? { retryAfter: { type: "integer", description: "Seconds to wait (also the Retry-After header)." } } : {}),
      },
    };
  }
  return {
    type: "object",
    description:
      "Every `code` a problem may carry, with the one HTTP status it is sent with and the `params` it carries (documentation only: no operation returns this object).",
    properties,
  };
}

/**
 * A code's params as JSON Schema inside the document: a schema with an id (OAuthScope) is
 * one of the document's components, so it is referred to there, not in `$defs` of its own.
 */
function paramsSchema(params: z.ZodType): Record<string, unknown> {
  const { $defs: _defs, $schema: _schema, ...schema } = z.toJSONSchema(params) as Record<string, unknown>;
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<string, unknown>;
}

/**
 * Every email and text message, by its name, with the flow that declares it. A name
 * declared by two flows throws: the outbox stores messages by name.
 */
export function messageRegistry(): Map<string, { owner: string; message: AnyMessage }> {
  const registry = new Map<string, { owner: string; message: AnyMessage }>();
  for (const flow of flows) {
    for (const message of Object.values(flow.messages ?? {})) {
      const other = registry.get(message.name);
      if (other) throw new Error(`message ${message.name} is declared by both ${other.owner} and ${flow.name}`);
      registry.set(message.name, { owner: flow.name, message });
    }
  }
  return registry;
}

/** The text of each SMS purpose's codes (the flows' `smsCode` messages), for createSmsCodes. */
export function smsCodeMessages(): Record<SmsPurpose, SmsCodeMessage> {
  const byPurpose: Partial<Record<SmsPurpose, SmsCodeMessage>> = {};
  for (const { message } of messageRegistry().values()) {
    if (!("codeFor" in message)) continue;
    const code = message as SmsCodeMessage;
    if (byPurpose[code.codeFor]) throw new Error(`two messages are the text of ${code.codeFor} codes`);
    byPurpose[code.codeFor] = code;
  }
  for (const purpose of SMS_PURPOSES) if (!byPurpose[purpose]) throw new Error(`no flow declares the text of ${purpose} codes`);
  return byPurpose as Record<SmsPurpose, SmsCodeMessage>;
}
