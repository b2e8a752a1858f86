/** Account → Connected services (SPEC §11): the services allowed to sign the customer in. */
import { Problem } from "@portier/shared/errors";
import { ConnectedServiceParams, ConnectedServicesResponse } from "@portier/shared/oidc";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { perMinute } from "../../plugins/rate-limits.ts";
import type { ConnectedServices } from "./connected-services.ts";

export const connectedServicesRoutes: FastifyPluginAsyncZod<{ connectedServices: ConnectedServices }> = async (
  app,
  { connectedServices },
) => {
  app.addHook("preHandler", app.requireSession);

  app.get(
    "/account/connected-services",
    {
      schema: {
        tags: ["Sign in with Portier"],
        summary: "The services this account has allowed to sign it in, most recently used first",
        response: { 200: ConnectedServicesResponse, 401: Problem },
      },
    },
    async (request) => ({ services: await connectedServices.list(request.session!.accountId) }),
  );

  app.delete(
    "/account/connected-services/:clientId",
    {
      schema: {
        tags: ["Sign in with Portier"],
        summary: "Revoke a service: its tokens stop working and its next sign-in asks again",
        params: ConnectedServiceParams,
        response: { 204: z.null(), 401: Problem, 404: Problem },
      },
      config: perMinute(30),
    },
    async (request, reply) => {
      await connectedServices.revoke(request.session!.accountId, request.params.clientId);
      return reply.code(204).send(null);
    },
  );
};
