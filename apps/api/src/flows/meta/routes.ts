import { PublicConfig } from "@portier/shared/auth";
import { CaptchaChallenge } from "@portier/shared/captcha";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { CaptchaVerifier } from "../../captcha/captcha.ts";
import { operations } from "../../contract/operation.ts";

const operation = operations("Meta");

/** What the SPA needs to know before it renders a form. */
export const metaRoutes: FastifyPluginAsyncZod<{ captcha: CaptchaVerifier; publicConfig: PublicConfig }> = async (
  app,
  { captcha, publicConfig },
) => {
  app.get(
    "/config",
    operation({
      id: "getPublicConfig",
      summary: "Public configuration for clients",
      description: "Which CAPTCHA the forms use (`altcha`: solve `getCaptchaChallenge`; otherwise the provider's widget with `siteKey`).",
      auth: "none",
      schema: { response: { 200: PublicConfig } },
    }),
    async () => publicConfig,
  );

  app.get(
    "/captcha/challenge",
    operation({
      id: "getCaptchaChallenge",
      summary: "A proof-of-work CAPTCHA challenge (ALTCHA); null with a third-party provider",
      description: [
        "The forms that need a CAPTCHA (`signUp`, `resendVerificationEmail`, `requestPasswordReset`, `disableOtpByRecovery`, `createSupportRequest`, `createAccountFromSharedLogin`, and `signIn` once it answers `CAPTCHA_REQUIRED`) take its answer in `captcha`.",
        "",
        "**Solving** (ALTCHA proof of work, SHA-256): find the `counter` from 0 up for which the key derived from `parameters.nonce` and the counter starts with `parameters.keyPrefix` — in practice, use `altcha-lib`'s `solveChallenge` (or the ALTCHA widget) on `{ parameters, signature }`.",
        "",
        '**Answer**: base64 (standard alphabet, with padding) of the JSON `{"challenge": {"parameters": …, "signature": …}, "solution": {"counter": <integer>, "derivedKey": "<hex>"}}` — the challenge exactly as received. Valid 10 minutes, once.',
        "",
        "With `captcha.provider` other than `altcha` (see `getPublicConfig`) this answers null, and `captcha` is the provider widget's token.",
      ].join("\n"),
      auth: "none",
      schema: { response: { 200: CaptchaChallenge } },
    }),
    async () => {
      return (await captcha.challenge()) as CaptchaChallenge;
    },
  );
};
