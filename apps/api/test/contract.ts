/**
 * The contract check of the API tests (issue 15, ADR 039): every response of every test
 * app is checked against the app's own OpenAPI document — its status is declared for the
 * operation, its body matches that status's schema, and an error's `code` is one of the
 * codes the operation lists. A response that does not is a violation; test/contract-setup.ts
 * fails the test that caused it. So a route that starts sending something its declaration
 * does not say fails the build, and the document cannot drift from the code.
 *
 * Cheap per response: the validators are compiled once per operation and status (and kept
 * for every test app with the same document), and a body is parsed once.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface Violation {
  operation: string;
  status: number;
  problem: string;
  body: string;
}

/** Violations since the current test began (test/contract-setup.ts empties it). */
export const violations: Violation[] = [];

const BASE = "https://portier.test/openapi.json";
type Json = Record<string, unknown>;
type Operation = { operationId: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> };

interface Checker {
  operation(method: string, routeUrl: string): Operation | undefined;
  validator(operation: Operation, status: number, mediaType: string): ValidateFunction | undefined;
}

/** One checker per distinct document: test apps with the same configuration share it. */
const checkers = new Map<string, Checker>();

function checkerFor(document: Json): Checker {
  const key = JSON.stringify(document);
  const known = checkers.get(key);
  if (known) return known;
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: BASE, components: document.components });
  const paths = document.paths as Record<string, Record<string, Operation>>;
  const validators = new Map<string, ValidateFunction | undefined>();
  const checker: Checker = {
    operation(method, routeUrl) {
      // Fastify's `/sessions/:id` is the document's `/sessions/{id}`.
      const path = routeUrl.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
      return paths[path]?.[method.toLowerCase()];
    },
    validator(operation, status, mediaType) {
      const id = `${operation.operationId} ${status} ${mediaType}`;
      if (!validators.has(id)) {
        const schema = operation.responses[String(status)]?.content?.[mediaType]?.schema;
        // Refs point into the components, which live in the schema added above.
        const absolute =
          schema === undefined ? undefined : JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${BASE}#/components/`));
        validators.set(id, absolute === undefined ? undefined : ajv.compile(absolute));
      }
      return validators.get(id);
    },
  };
  checkers.set(key, checker);
  return checker;
}

/** Checks every response the app sends against the app's document; installed by createTestApp. */
export function installContractCheck(app: FastifyInstance) {
  let checker: Checker | undefined;
  // Synchronous, like every hook on every request (ADR 031), and never in the way: it records, the test fails.
  app.addHook("onSend", (request, reply, payload, done) => {
    try {
      checker ??= checkerFor(app.swagger() as unknown as Json);
      check(checker, request, reply, payload);
    } catch (error) {
      violations.push({ operation: request.url, status: reply.statusCode, problem: `the check failed: ${String(error)}`, body: "" });
    }
    done(null, payload);
  });
}

function check(checker: Checker, request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const routeUrl = request.routeOptions.url;
  if (!routeUrl || request.method === "HEAD") return;
  const operation = checker.operation(request.method, routeUrl);
  // Outside the document: the OpenID provider, health, the document itself, the SPA.
  if (!operation) return;
  const status = reply.statusCode;
  const body = typeof payload === "string" ? payload : Buffer.isBuffer(payload) ? payload.toString("utf8") : "";
  const fail = (problem: string) =>
    violations.push({ operation: `${operation.operationId} (${request.method} ${routeUrl})`, status, problem, body: body.slice(0, 500) });
  const declared = operation.responses[String(status)];
  if (!declared) return fail(`status ${status} is not declared`);
  // A 204 carries no body on the wire, whatever the serializer wrote.
  if (status === 204) return;
  if (!declared.content) {
    if (body.length > 0) fail(`status ${status} is declared without a body, but one was sent`);
    return;
  }
  const mediaType =
    String(reply.getHeader("content-type") ?? "")
      .split(";")[0]
      ?.trim() ?? "";
  if (!declared.content[mediaType])
    return fail(`sent as ${mediaType || "no content type"}, declared as ${Object.keys(declared.content).join(", ")}`);
  const validate = checker.validator(operation, status, mediaType);
  if (!validate) return;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return fail("the body is not JSON");
  }
  if (!validate(value)) {
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
    fail(`the body does not match the schema: ${errors.join("; ")}`);
  }
}
