/** Account → Connected services (SPEC §11): the services allowed to sign the customer in. */
import { ConnectedServiceParams, ConnectedServicesResponse } from "@portier/shared/oidc";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { operations } from "../../contract/operation.ts";
import type { ConnectedServices } from "./connected-services.ts";

const operation = operations("Sign in with Portier");

export const connectedServicesRoutes: FastifyPluginAsyncZod<{ connectedServices: ConnectedServices }> = async (
  app,
  { connectedServices },
) => {
  app.get(
    "/account/connected-services",
    operation({
      id: "listConnectedServices",
      summary: "The services this account has allowed to sign it in, most recently used first",
      auth: "session",
      schema: { response: { 200: ConnectedServicesResponse } },
    }),
    async (request) => ({ services: await connectedServices.list(request.session!.accountId) }),
  );

  app.delete(
    "/account/connected-services/:clientId",
    operation({
      id: "revokeConnectedService",
      summary: "Revoke a service: its tokens stop working and its next sign-in asks again",
      auth: "session",
      errors: ["CONNECTED_SERVICE_NOT_FOUND"],
      rateLimit: 30,
      schema: { params: ConnectedServiceParams, response: { 204: z.null() } },
    }),
    async (request, reply) => {
      await connectedServices.revoke(request.session!.accountId, request.params.clientId);
      return reply.code(204).send(null);
    },
  );
};
