import { PublicConfig } from "@portier/shared/auth";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { CaptchaVerifier } from "../../captcha/captcha.ts";

/** What the SPA needs to know before it renders a form. */
export const metaRoutes: FastifyPluginAsyncZod<{ captcha: CaptchaVerifier; publicConfig: PublicConfig }> = async (
  app,
  { captcha, publicConfig },
) => {
  app.get(
    "/config",
    { schema: { tags: ["Meta"], summary: "Public configuration for clients", response: { 200: PublicConfig } } },
    async () => publicConfig,
  );

  app.get(
    "/captcha/challenge",
    {
      schema: {
        tags: ["Meta"],
        summary: "A proof-of-work CAPTCHA challenge (ALTCHA); null with a third-party provider",
        response: { 200: z.unknown() },
      },
    },
    async (_request, reply) => {
      reply.header("cache-control", "no-store");
      return captcha.challenge();
    },
  );
};
