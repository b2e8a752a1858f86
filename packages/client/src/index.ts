/**
 * A typed client for the Portier REST API: openapi-fetch over the types openapi-typescript
 * generated from the API's OpenAPI document (src/generated/, written by `pnpm openapi`;
 * never edited by hand).
 *
 *   const portier = createPortierClient({ baseUrl: "https://portier.example.com" });
 *   const { data, error } = await portier.POST("/api/v1/auth/sign-in", { body: { email, password, tokenDelivery: "bearer" } });
 *   if (error) console.log(error.code); // a documented code of this operation
 *   portier.use(bearer(data.token));
 */
import createClient, { type Client, type ClientOptions, type Middleware } from "openapi-fetch";
// `.js`: type-only imports, erased at run time; the built declarations then point at schema.d.ts.
import type { components, paths } from "./generated/schema.js";

export type { components, operations, paths } from "./generated/schema.js";

/** An RFC 9457 problem, as every error answer carries it. */
export type Problem = components["schemas"]["Problem"];
/** Every error code of the API (each operation's errors list the ones it can answer with). */
export type ErrorCode = components["schemas"]["ErrorCode"];
export type PortierClient = Client<paths>;

export interface PortierClientOptions extends ClientOptions {
  /** Where Portier runs, e.g. `https://portier.example.com` (its PUBLIC_URL); the paths start with /api/v1. */
  baseUrl: string;
  /** A session token from sign-in with `tokenDelivery: "bearer"`; or add `bearer(token)` later. */
  token?: string;
}

export function createPortierClient({ token, ...options }: PortierClientOptions): PortierClient {
  const client = createClient<paths>(options);
  if (token) client.use(bearer(token));
  return client;
}

/** Sends `Authorization: Bearer <token>` with every request (a session token from a bearer sign-in). */
export function bearer(token: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("authorization", `Bearer ${token}`);
      return request;
    },
  };
}
