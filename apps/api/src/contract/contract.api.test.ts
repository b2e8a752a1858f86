/**
 * The contract itself (ADR 039): the declaration refuses routes it cannot describe, and the
 * check every API test runs (test/contract.ts) catches a response that breaks the document.
 * Here on a small app with one misbehaving operation, built from the same pieces as the API.
 */
import swagger from "@fastify/swagger";
import { ErrorCode } from "@portier/shared/errors";
import { OAUTH_SCOPES } from "@portier/shared/oauth-scopes";
import Fastify, { type FastifyInstance } from "fastify";
import { validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { TEST_ENV } from "../../test/app.ts";
import { installContractCheck, violations } from "../../test/contract.ts";
import { loadConfig } from "../config.ts";
import { AppError } from "../lib/errors.ts";
import errors from "../plugins/errors.ts";
import { serializerCompiler } from "../plugins/serializer.ts";
import { swaggerOptions } from "./document.ts";
import { operations } from "./operation.ts";
import { installContract } from "./plugin.ts";

const operation = operations("Test");

async function smallApp(register: (api: FastifyInstance) => void) {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errors);
  await app.register(swagger, swaggerOptions({ config: loadConfig(TEST_ENV) }));
  await app.register(
    async (api) => {
      installContract(api);
      register(api as unknown as FastifyInstance);
    },
    { prefix: "/api/v1" },
  );
  return app;
}

afterEach(() => {
  violations.length = 0;
});

describe("the contract check of every API test", () => {
  it("records an undeclared status, a body its schema refuses and an error code the operation does not list", async () => {
    const app = await smallApp((api) =>
      api.withTypeProvider<ZodTypeProvider>().get(
        "/count",
        operation({
          id: "count",
          summary: "A count",
          auth: "none",
          errors: ["CURSOR_INVALID"],
          schema: { querystring: z.strictObject({ mode: z.string() }), response: { 200: z.object({ count: z.number().int().min(1) }) } },
        }),
        async (request, reply) => {
          const { mode } = request.query;
          if (mode === "undeclared-status")
            return (reply as unknown as { code(status: number): { send(body: unknown): void } }).code(202).send({ count: 1 });
          if (mode === "wrong-body") return { count: 0 };
          if (mode === "undeclared-code") throw new AppError(ErrorCode.OTP_INVALID, "not this operation's");
          if (mode === "declared-code") throw new AppError(ErrorCode.CURSOR_INVALID, "this operation's");
          return { count: 2 };
        },
      ),
    );
    installContractCheck(app);
    await app.ready();
    const ask = async (mode: string) => {
      violations.length = 0;
      await app.inject({ method: "GET", url: `/api/v1/count?mode=${mode}` });
      return violations.map((v) => v.problem);
    };

    expect(await ask("fine")).toEqual([]);
    expect(await ask("declared-code")).toEqual([]);
    // Unknown query fields: VALIDATION_FAILED, which every operation with input declares.
    expect(await ask("fine&extra=1")).toEqual([]);
    expect(await ask("undeclared-status")).toEqual(["status 202 is not declared"]);
    expect((await ask("wrong-body"))[0]).toMatch(/does not match the schema: \/count must be >= 1/);
    expect((await ask("undeclared-code"))[0]).toMatch(/does not match the schema: \/code must be equal to one of the allowed values/);
    await app.close();
  });

  it("refuses at start-up a route without an operation, and two operations with one id", async () => {
    const bare = smallApp((api) => api.get("/bare", async () => ({}))).then((app) => app.ready());
    await expect(bare).rejects.toThrow(/every route under \/api\/v1 is declared with operation\(\)/);
    const twice = smallApp((api) => {
      const spec = operation({ id: "same", summary: "One", auth: "none", schema: { response: { 200: z.object({}) } } });
      api.get("/one", spec, async () => ({}));
      api.get("/two", spec, async () => ({}));
    });
    await expect(twice.then((app) => app.ready())).rejects.toThrow(/operationId same is taken/);
  });

  it("declares who may call each operation from the hook it installs", async () => {
    const app = await smallApp((api) => {
      api.decorate("requireSession", (_request: unknown, _reply: unknown, done?: (error?: Error) => void) => {
        done?.(new AppError(ErrorCode.UNAUTHENTICATED, "Sign in."));
        return undefined;
      });
      api.get(
        "/mine",
        operation({ id: "mine", summary: "Mine", auth: "session", schema: { response: { 200: z.object({}) } } }),
        async () => ({}),
      );
    });
    installContractCheck(app);
    await app.ready();
    const document = app.swagger() as unknown as {
      paths: Record<string, { get: { security: unknown; responses: Record<string, unknown> } }>;
    };
    expect(document.paths["/api/v1/mine"]?.get.security).toEqual([{ session: [] }, { bearer: [] }]);
    expect(Object.keys(document.paths["/api/v1/mine"]?.get.responses ?? {})).toContain("401");
    const response = await app.inject({ method: "GET", url: "/api/v1/mine" });
    expect(response.statusCode).toBe(401);
    expect(violations).toEqual([]);
    await app.close();
  });

  it("declares the oauth2 scheme and an operation's scopes once an operation accepts OAuth access tokens", async () => {
    const app = await smallApp((api) => {
      api.decorate("requireSession", (_request: unknown, _reply: unknown, done?: (error?: Error) => void) => {
        done?.();
        return undefined;
      });
      const response = { 200: z.object({}) };
      api.get("/plain", operation({ id: "plain", summary: "Sessions only", auth: "session", schema: { response } }), async () => ({}));
      api.get(
        "/delegated",
        operation({ id: "delegated", summary: "Also OAuth", auth: "session", oauthScopes: ["history:read"], schema: { response } }),
        async () => ({}),
      );
    });
    await app.ready();
    const document = app.swagger() as unknown as {
      paths: Record<string, { get: { security: unknown } }>;
      components: { securitySchemes: Record<string, { type: string; flows?: { authorizationCode: { scopes: object } } }> };
    };
    expect(document.paths["/api/v1/plain"]?.get.security).toEqual([{ session: [] }, { bearer: [] }]);
    expect(document.paths["/api/v1/delegated"]?.get.security).toEqual([{ session: [] }, { bearer: [] }, { oauth2: ["history:read"] }]);
    expect(document.components.securitySchemes.oauth2?.type).toBe("oauth2");
    expect(Object.keys(document.components.securitySchemes.oauth2?.flows?.authorizationCode.scopes ?? {})).toEqual(
      Object.keys(OAUTH_SCOPES),
    );
    await app.close();
  });
});
