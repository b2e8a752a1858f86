/**
 * Makes every route's declaration (contract/operation.ts) true: registered in the
 * /api/v1 scope before the flows, it refuses at start-up a route without an operation, a
 * second operation with the same id or one without a success response, and installs
 * the sign-in hook its `auth` names — so what the document says about who may call an
 * operation is the hook that runs (ADR 039).
 */
import type { FastifyInstance, onRequestHookHandler, RouteOptions } from "fastify";

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function installContract(api: FastifyInstance) {
  const ids = new Map<string, string>();
  api.addHook("onRoute", (route: RouteOptions) => {
    const where = `${String(route.method)} ${route.url}`;
    const operation = route.config?.operation;
    if (!operation) throw new Error(`${where}: every route under /api/v1 is declared with operation() (contract/operation.ts, ADR 039)`);
    const hooks = [...asArray(route.onRequest), ...asArray(route.preHandler), ...asArray(route.preValidation)];
    if (hooks.includes(api.requireSession as never) || hooks.includes(api.requireStaff as never)) {
      throw new Error(`${where}: the sign-in hook comes from the operation's \`auth\`, not from the route's hooks`);
    }
    // A GET's automatic HEAD route passes here too, with the GET's options as they were declared.
    if (route.method !== "HEAD") {
      const other = ids.get(operation.id);
      if (other) throw new Error(`${where}: operationId ${operation.id} is taken by ${other}`);
      ids.set(operation.id, where);
      const statuses = Object.keys((route.schema?.response as object | undefined) ?? {});
      if (!statuses.some((status) => /^2\d\d$/.test(status))) throw new Error(`${where}: declare its success response`);
    }
    // Before the body is read: a caller without a session learns nothing about its input.
    // An operation with `oauthScopes` (route.config.oauthScopes) is where a hook that also
    // accepts OAuth access tokens with those scopes belongs (issue 15's delegated access).
    if (operation.auth === "session") route.onRequest = [api.requireSession as onRequestHookHandler, ...asArray(route.onRequest)];
    if (operation.auth === "staff") route.onRequest = [api.requireStaff as onRequestHookHandler, ...asArray(route.onRequest)];
  });
}
