/**
 * The OpenAPI document (`/api/openapi.json`), built from the operations the routes
 * declare (contract/operation.ts, ADR 039): @fastify/swagger collects the routes and the
 * zod type provider turns their schemas into JSON Schema; this module adds what the
 * declaration says — operationId, security, every error response with the exact codes
 * of the operation as `application/problem+json`, the limits' headers, examples.
 */

import type { FastifyDynamicSwaggerOptions } from "@fastify/swagger";
import type { ErrorSpec } from "@portier/shared/define-errors";
import { ErrorCode, statusOf, errorCatalogue as typedCatalogue } from "@portier/shared/errors";
import { OAUTH_SCOPES } from "@portier/shared/oauth-scopes";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";
import type { Config } from "../config.ts";
import { sessionCookieName } from "../plugins/auth.ts";
import { PROBLEM_MEDIA_TYPE } from "../plugins/errors.ts";
import { staffCookieName } from "../staff/auth.ts";
import { byStatus, errorsOf } from "./errors.ts";
import type { OperationConfig } from "./operation.ts";

const errorCatalogue: Readonly<Record<string, ErrorSpec>> = typedCatalogue;

/** Each scope with what it lets an app do, as OpenAPI flows list them. */
const OAUTH_SCOPE_DESCRIPTIONS = Object.fromEntries(Object.entries(OAUTH_SCOPES).map(([scope, { description }]) => [scope, description]));

/** The marker a route's transformed schema carries until the document is finished. */
const MARK = "x-portier-operation";

type Json = Record<string, unknown>;
type Route = { method: string | string[]; url: string; config?: { operation?: OperationConfig; oauthScopes?: readonly string[] } };

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No content",
  400: "Bad request",
  401: "Not signed in, or the sign-in it needs is over",
  403: "Refused",
  404: "Not found",
  409: "Conflict with the current state",
  410: "Gone (expired)",
  413: "Request body larger than 64 KiB",
  414: "A path parameter is too long",
  415: "Not JSON: send `Content-Type: application/json`",
  429: "Too many requests: wait `Retry-After` seconds",
  500: "A failure on our side",
  502: "An upstream provider failed",
  503: "Temporarily unavailable",
};

export interface DocumentOptions {
  config: Pick<Config, "publicUrl" | "rateLimitPerMinute" | "sessions">;
  /** Extra component schemas (the error catalogue, built from the list of flows in app.ts). */
  schemas?: Record<string, unknown>;
}

/** The options of @fastify/swagger for Portier's document. */
export function swaggerOptions({ config, schemas = {} }: DocumentOptions): FastifyDynamicSwaggerOptions {
  const issuer = `${config.publicUrl}/oidc`;
  return {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Portier API",
        version: "1.0.0",
        license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
        description: [
          "Customer accounts and sign-in. A guide with each flow as a sequence of calls: `docs/api-clients.md`.",
          "",
          "**Errors** are RFC 9457 `application/problem+json` with a stable `code` (the `ErrorCode` schema lists them all); each operation lists the codes it can answer with, by status. Branch on `code`, read `params`; `detail` is English prose for people.",
          "",
          '**Signing in**: browsers use the HttpOnly session cookie (and must send `Origin` on every state-changing request that carries one of Portier\'s cookies); other clients sign in with `tokenDelivery: "bearer"` and send `Authorization: Bearer <token>`.',
          "",
          "**Limits**: every operation is limited per client address (a 429 `RATE_LIMITED` with `Retry-After` and `x-ratelimit-*` headers); the operations that name their own limit say so.",
        ].join("\n"),
      },
      servers: [
        {
          url: "{origin}",
          description: "A Portier instance; every path starts with /api/v1.",
          variables: { origin: { default: config.publicUrl, description: "Where Portier runs: its PUBLIC_URL." } },
        },
      ],
      components: {
        schemas: { ...schemas, ErrorCode: errorCodeSchema() },
        securitySchemes: {
          session: {
            type: "apiKey",
            in: "cookie",
            name: sessionCookieName(config.sessions.secureCookies),
            description:
              "The session cookie browsers get from sign-in (HttpOnly). State-changing requests with it must carry an allowed `Origin`.",
          },
          bearer: {
            type: "http",
            scheme: "bearer",
            description: 'The session token from sign-in with `tokenDelivery: "bearer"`.',
          },
          staffSession: {
            type: "apiKey",
            in: "cookie",
            name: staffCookieName(config.sessions.secureCookies),
            description: "The staff console's own cookie (never a customer's session).",
          },
        },
      },
    },
    transform: (input) => {
      const route = input.route as unknown as Route;
      const operation = route.config?.operation;
      const transformed = jsonSchemaTransform(input as Parameters<typeof jsonSchemaTransform>[0]);
      if (!operation || !transformed.schema) return transformed;
      const schema = input.schema as Json;
      const facts = {
        spec: operation,
        oauthScopes: route.config?.oauthScopes ?? operation.oauthScopes ?? [],
        method: String(route.method),
        hasInput: Boolean(schema.body || schema.querystring || schema.params || schema.headers),
        hasPathParams: route.url.includes(":"),
      };
      return { ...transformed, schema: { ...transformed.schema, [MARK]: facts } };
    },
    transformObject: (input) => finishDocument(jsonSchemaTransformObject(input) as Json, config.rateLimitPerMinute, issuer),
  };
}

interface Facts {
  spec: OperationConfig;
  oauthScopes: readonly string[];
  method: string;
  hasInput: boolean;
  hasPathParams: boolean;
}

/** Every operation as its declaration says; the `oauth2` scheme once any operation accepts OAuth tokens. */
export function finishDocument(document: Json, defaultLimit: number, issuer: string): Json {
  const components = document.components as { schemas: Json; securitySchemes: Json };
  let anyOauth = false;
  for (const pathItem of Object.values(document.paths as Record<string, Record<string, Json>>)) {
    for (const operation of Object.values(pathItem)) {
      const facts = operation[MARK] as Facts | undefined;
      if (!facts) continue;
      delete operation[MARK];
      const { spec } = facts;
      operation.operationId = spec.id;
      operation.summary = spec.summary;
      operation.tags = spec.tags;
      operation.description = describe(spec, facts, defaultLimit);
      operation.security = securityOf(spec, facts.oauthScopes);
      if (facts.oauthScopes.length > 0) anyOauth = true;
      const responses = operation.responses as Record<string, Json>;
      for (const [status, response] of Object.entries(responses)) {
        response.description = STATUS_TEXT[Number(status)] ?? response.description;
        const content = response.content as Record<string, Json> | undefined;
        const media = content?.["application/json"];
        if (media) media.example = spec.examples?.[Number(status)] ?? exampleOf(media.schema, components.schemas);
      }
      const codes = errorsOf({
        method: facts.method,
        auth: spec.auth,
        declared: spec.errors ?? [],
        hasInput: facts.hasInput,
        hasPathParams: facts.hasPathParams,
      });
      for (const [status, group] of byStatus(codes)) {
        const response = problemResponse(status, group);
        // RFC 6750 §3: a route that takes access tokens says why it refused one.
        if (facts.oauthScopes.length > 0 && (status === 401 || status === 403)) response.headers = { "www-authenticate": WWW_AUTHENTICATE };
        responses[String(status)] = response;
      }
    }
  }
  if (anyOauth) components.securitySchemes.oauth2 = oauth2Scheme(issuer);
  // A problem's `code` is one of the catalogue's (each operation narrows it to its own).
  const problem = components.schemas.Problem as { properties: Json } | undefined;
  if (problem) problem.properties.code = { $ref: "#/components/schemas/ErrorCode" };
  pruneUnused(document);
  return document;
}

/**
 * Drops the component schemas no operation reaches (the zod registry holds every schema
 * with an id, in its input and output forms). The catalogue stays: documentation of every
 * code's status and params.
 */
function pruneUnused(document: Json) {
  const schemas = (document.components as { schemas: Json }).schemas;
  const reached = new Set<string>(["ErrorCatalogue"]);
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== "object") return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string" && inner.startsWith("#/components/schemas/")) {
        const name = inner.slice("#/components/schemas/".length);
        if (!reached.has(name)) {
          reached.add(name);
          visit(schemas[name]);
        }
      } else visit(inner);
    }
  };
  visit(document.paths);
  visit(schemas.ErrorCatalogue);
  for (const name of Object.keys(schemas)) if (!reached.has(name)) delete schemas[name];
}

function describe(spec: OperationConfig, facts: Facts, defaultLimit: number): string {
  const who: Record<OperationConfig["auth"], string> = {
    none: "No sign-in needed.",
    session: "A signed-in customer: the session cookie or `Authorization: Bearer <token>`.",
    "optional-session": "No sign-in needed; a customer's session, when sent, is taken into account.",
    staff: "A signed-in member of staff (the staff cookie).",
  };
  const oauth =
    facts.oauthScopes.length > 0 ? ` An OAuth 2 access token with ${facts.oauthScopes.map((s) => `\`${s}\``).join(", ")} also works.` : "";
  const rate = spec.rateLimit ?? defaultLimit;
  const limit = `At most ${typeof rate === "number" ? `${rate} requests per minute` : `${rate.perHour} requests per hour`} from one client address.`;
  return [spec.description, `**Who**: ${who[spec.auth]}${oauth} **Limit**: ${limit}`].filter(Boolean).join("\n\n");
}

function securityOf(spec: OperationConfig, oauthScopes: readonly string[]): Json[] {
  const oauth = oauthScopes.length > 0 ? [{ oauth2: [...oauthScopes] }] : [];
  switch (spec.auth) {
    case "none":
      return [];
    case "session":
      return [{ session: [] }, { bearer: [] }, ...oauth];
    case "optional-session":
      return [{}, { session: [] }, { bearer: [] }];
    case "staff":
      return [{ staffSession: [] }];
  }
}

const WWW_AUTHENTICATE = {
  description:
    'On a refused bearer credential (RFC 6750 §3): `Bearer realm="portier"`, with `error="invalid_token"` or `error="insufficient_scope", scope="…"`.',
  schema: { type: "string" },
};
const RETRY_AFTER = {
  description: "Seconds to wait before trying again.",
  schema: { type: "integer", minimum: 0 },
};
const RATE_LIMIT_HEADERS = {
  "x-ratelimit-limit": {
    description: "`RATE_LIMITED` only: the requests allowed per window from this address.",
    schema: { type: "integer" },
  },
  "x-ratelimit-remaining": { description: "`RATE_LIMITED` only: requests left in the window (0).", schema: { type: "integer" } },
  "x-ratelimit-reset": { description: "`RATE_LIMITED` only: seconds until the window resets.", schema: { type: "integer" } },
};

function problemResponse(status: number, codes: ErrorCode[]): Json {
  const first = codes[0] as ErrorCode;
  const list = codes.map((code) => `\`${code}\``).join(", ");
  return {
    description: `${STATUS_TEXT[status] ?? "Error"}: ${list}.`,
    ...(status === 429 ? { headers: { "retry-after": RETRY_AFTER, ...RATE_LIMIT_HEADERS } } : {}),
    content: {
      [PROBLEM_MEDIA_TYPE]: {
        schema: {
          allOf: [
            { $ref: "#/components/schemas/Problem" },
            {
              type: "object",
              required: ["code", "status"],
              properties: { status: { const: status }, code: { type: "string", enum: codes } },
            },
          ],
        },
        example: {
          type: `https://portier.dev/problems/${first.toLowerCase().replaceAll("_", "-")}`,
          title: STATUS_TEXT[status] ?? "Error",
          status,
          code: first,
          detail: "A sentence for people; branch on `code`.",
          ...(errorCatalogue[first]?.retryAfter ? { retryAfter: 30 } : {}),
        },
      },
    },
  };
}

/** Every code of the catalogue as a documented enum. */
function errorCodeSchema(): Json {
  const codes = Object.keys(ErrorCode) as ErrorCode[];
  const lines = codes.map((code) => {
    const spec = errorCatalogue[code] as ErrorSpec;
    const params = spec.params ? ` — params: ${Object.keys(spec.params.shape).join(", ")}` : "";
    return `- \`${code}\` (${statusOf(code)})${params}${spec.retryAfter ? " — with retryAfter" : ""}`;
  });
  return {
    type: "string",
    enum: codes,
    description: `Every \`code\` a problem may carry, with the one status it is always sent with (ADR 033). Each operation lists the ones it can answer with.\n\n${lines.join("\n")}`,
  };
}

/** Delegated access (issue 15): authorization code with PKCE, and the device authorization grant (RFC 8628). */
function oauth2Scheme(issuer: string): Json {
  return {
    type: "oauth2",
    description: `Access tokens from Portier's OpenID provider (${issuer}) for the REST API as a resource. Device authorization (RFC 8628), for command-line clients: ${issuer}/device/auth, then ${issuer}/token.`,
    flows: {
      authorizationCode: { authorizationUrl: `${issuer}/auth`, tokenUrl: `${issuer}/token`, scopes: OAUTH_SCOPE_DESCRIPTIONS },
    },
    "x-deviceAuthorization": {
      deviceAuthorizationUrl: `${issuer}/device/auth`,
      tokenUrl: `${issuer}/token`,
      scopes: OAUTH_SCOPE_DESCRIPTIONS,
    },
  };
}

/** A value the schema accepts, for the example of a success body without a written one. */
export function exampleOf(schema: unknown, schemas: Json, depth = 0): unknown {
  if (!schema || typeof schema !== "object" || depth > 8) return null;
  const s = schema as Json;
  if (typeof s.$ref === "string") return exampleOf(schemas[s.$ref.replace("#/components/schemas/", "")], schemas, depth + 1);
  if ("const" in s) return s.const;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (Array.isArray(s.enum)) return s.enum[0];
  for (const key of ["anyOf", "oneOf"]) {
    const options = s[key] as unknown[] | undefined;
    if (options?.length) return exampleOf(options.find((o) => (o as Json).type !== "null") ?? options[0], schemas, depth + 1);
  }
  if (Array.isArray(s.allOf)) return Object.assign({}, ...s.allOf.map((part) => exampleOf(part, schemas, depth + 1)));
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object": {
      const out: Json = {};
      const required = new Set((s.required as string[] | undefined) ?? []);
      for (const [key, value] of Object.entries((s.properties as Json | undefined) ?? {})) {
        if (required.has(key) || depth < 3) out[key] = exampleOf(value, schemas, depth + 1);
      }
      return out;
    }
    case "array":
      return s.items ? [exampleOf(s.items, schemas, depth + 1)] : [];
    case "integer":
    case "number":
      if (typeof s.minimum === "number" && s.minimum >= 0) return s.minimum;
      return typeof s.maximum === "number" && s.maximum < 1 ? s.maximum : 1;
    case "boolean":
      return true;
    case "null":
      return null;
    case "string":
      return stringExample(s);
    default:
      return null;
  }
}

function stringExample(s: Json): string {
  switch (s.format) {
    case "date-time":
      return "2026-12-06T15:04:05.000Z";
    case "email":
      return "jana@example.com";
    case "uuid":
      return "0b9e5b1e-3f0a-4d2c-9a51-5a3c2f1d7e42";
    case "uri":
      return "https://portier.example/";
    default: {
      const min = typeof s.minLength === "number" ? s.minLength : 0;
      const text = "example";
      return text.length >= min ? text : text.padEnd(min, "x");
    }
  }
}
