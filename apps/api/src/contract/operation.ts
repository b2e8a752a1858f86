/**
 * The REST contract's declaration (issue 15, ADR 039): every route under /api/v1 is
 * declared with `operation({ … })` beside its handler — its operationId, summary,
 * description, who may call it (`auth`), the error codes of the catalogue it can answer
 * with beyond the ones every route shares, its per-address limit and its schemas.
 *
 * The declaration is the code that enforces it: `auth` installs the sign-in hook
 * (contract/plugin.ts), `rateLimit` the per-address limit, the schemas validate and
 * serialize; the OpenAPI document is built from the same object (contract/document.ts),
 * and the API tests check every response against that document (apps/api/test/contract.ts).
 */
import type { ErrorCode } from "@portier/shared/errors";
import type { OAuthScope } from "@portier/shared/oauth-scopes";
import type { FastifyRequest, FastifySchema } from "fastify";
import { perMinute } from "../plugins/rate-limits.ts";

/**
 * Who may call an operation:
 * - `none`: anyone (sign-up, sign-in, the steps behind an emailed link);
 * - `session`: a signed-in customer, by the session cookie or `Authorization: Bearer`;
 *   checked before the request is read (a caller without a session learns nothing, not
 *   even which inputs are wrong);
 * - `optional-session`: anyone; a customer's session, when sent, changes the answer (the
 *   handler reads it);
 * - `staff`: a signed-in member of staff, by the staff cookie only.
 */
export type Auth = "none" | "session" | "optional-session" | "staff";

export interface OperationSpec {
  /** Unique, camelCase: what generated clients call the method. */
  id: string;
  summary: string;
  description?: string;
  auth: Auth;
  /**
   * The codes this operation itself can answer with. The ones every route shares are
   * added from what the declaration says (contract/errors.ts): input validation when it
   * has schemas, the sign-in codes of its `auth`, limits, bodies, failures on our side.
   */
  errors?: readonly ErrorCode[];
  /**
   * Requests per minute from one client address (SPEC §8), before RATE_LIMIT_MULTIPLIER;
   * `{ perHour }` for a form a person sends a few times, not dozens.
   */
  rateLimit?: number | { perHour: number };
  /**
   * The scopes an OAuth 2 access token needs to call this operation instead of a session
   * (issue 15's delegated access). Only with `auth: "session"`.
   */
  oauthScopes?: readonly OAuthScope[];
  /** Examples of the success bodies, by status (checked against their schemas by the linter). */
  examples?: Readonly<Record<number, unknown>>;
  /** Only for development and tests (dev mailbox, dev clock, dev seed): tagged `Development`. */
  development?: boolean;
}

/** What `operation` leaves in the route's `config` for the contract plugin and the document. */
export interface OperationConfig extends OperationSpec {
  tags: string[];
}

declare module "fastify" {
  interface FastifyContextConfig {
    operation?: OperationConfig;
    /** Set by `operation` from `oauthScopes`; read by the document and the OAuth access path. */
    oauthScopes?: readonly OAuthScope[];
  }
}

/**
 * The route options of one operation: `{ schema, config }`, with the schema's types
 * kept for the zod type provider. Made by a flow's `operations(tag)`.
 */
export function operation<const S extends FastifySchema>(tag: string, spec: OperationSpec & { schema?: S }) {
  const { schema, ...declared } = spec;
  if (declared.oauthScopes && declared.auth !== "session") {
    throw new Error(`${spec.id}: only an operation for signed-in customers can accept OAuth access tokens`);
  }
  const config = {
    operation: { ...declared, tags: [declared.development ? "Development" : tag] },
    ...(declared.oauthScopes ? { oauthScopes: declared.oauthScopes } : {}),
    ...rateLimitOf(declared.rateLimit),
  };
  return { schema: (schema ?? {}) as S, config };
}

function rateLimitOf(limit: OperationSpec["rateLimit"]) {
  if (limit === undefined) return {};
  if (typeof limit === "number") return perMinute(limit);
  return { rateLimit: { max: (request: FastifyRequest) => limit.perHour * request.server.rateLimitMultiplier, timeWindow: "1 hour" } };
}

/** The `operation` of one flow's routes, all under one tag: `const operation = operations("Sign-up")`. */
export function operations(tag: string) {
  return <const S extends FastifySchema>(spec: OperationSpec & { schema?: S }) => operation(tag, spec);
}
