/**
 * The one error handler: every failure leaves as RFC 9457 problem+json with a stable
 * `code`. Bad input is a 4xx that says what is wrong; a 5xx never shows internals.
 */
import { ErrorCode, type FieldError, type Problem, statusOf } from "@portier/shared/errors";
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import fp from "fastify-plugin";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { isUnstorableInput } from "../db/client.ts";
import { AppError } from "../lib/errors.ts";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  410: "Gone",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** The media type of every error answer (RFC 9457). */
export const PROBLEM_MEDIA_TYPE = "application/problem+json";

/** Sends a problem; its status is its code's (one status per code, ADR 033). */
export function sendProblem(reply: FastifyReply, problem: Omit<Problem, "type" | "title" | "status" | "code"> & { code: ErrorCode }) {
  const status = statusOf(problem.code);
  const body: Problem = {
    type: `https://portier.dev/problems/${problem.code.toLowerCase().replaceAll("_", "-")}`,
    title: TITLES[status] ?? "Error",
    status,
    ...problem,
  };
  if (problem.retryAfter !== undefined) reply.header("retry-after", String(problem.retryAfter));
  return reply.code(status).type(PROBLEM_MEDIA_TYPE).header("cache-control", "no-store").send(body);
}

function fieldPath(instancePath: string | undefined): string {
  return (instancePath ?? "").replace(/^\//, "").replaceAll("/", ".");
}

function valueAt(input: unknown, path: string): unknown {
  let value = input;
  for (const key of path.split(".").filter(Boolean)) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Zod issues → per-field errors; a refinement may name its own catalogue code. */
function toFieldErrors(
  validation: { instancePath?: string; keyword: string; message?: string; params: Record<string, unknown> }[],
  input: unknown,
): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of validation) {
    const base = fieldPath(issue.instancePath);
    if (issue.keyword === "unrecognized_keys") {
      for (const key of (issue.params.keys as string[] | undefined) ?? []) {
        out.push({ field: base ? `${base}.${key}` : key, code: "UNKNOWN_FIELD", message: `Unknown field "${key}".` });
      }
      continue;
    }
    if (base && valueAt(input, base) === undefined) {
      out.push({ field: base, code: "REQUIRED", message: "This field is required." });
      continue;
    }
    const custom = (issue.params.params as { code?: string } | undefined)?.code;
    out.push({ field: base, code: custom ?? issue.keyword.toUpperCase(), message: issue.message ?? "Invalid value." });
  }
  return out;
}

export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError) {
        return sendProblem(reply, { code: error.code, detail: error.message, ...error.extra });
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const where = error.validationContext ?? "body";
        const input = where === "querystring" ? request.query : where === "params" ? request.params : request.body;
        const errors = toFieldErrors(error.validation, input);
        return sendProblem(reply, {
          code: ErrorCode.VALIDATION_FAILED,
          detail: `The request ${where} is not valid: ${errors.map((e) => `${e.field || where}: ${e.message}`).join("; ")}`,
          errors,
        });
      }
      const status = error.statusCode ?? 500;
      if (status === 413 || error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
        return sendProblem(reply, { code: ErrorCode.PAYLOAD_TOO_LARGE, detail: "The request body is too large." });
      }
      if (status === 415 || error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
        return sendProblem(reply, { code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, detail: "Send JSON (Content-Type: application/json)." });
      }
      if (status === 429) {
        return sendProblem(reply, { code: ErrorCode.RATE_LIMITED, detail: "Too many requests; slow down and try again shortly." });
      }
      if (status === 404) {
        return sendProblem(reply, { code: ErrorCode.NOT_FOUND, detail: error.message });
      }
      if (status >= 400 && status < 500) {
        // Any other request Fastify refused (bad JSON, a bad URL): a malformed request, always 400.
        return sendProblem(reply, { code: ErrorCode.MALFORMED_REQUEST, detail: error.message });
      }
      if (isUnstorableInput(error)) {
        // The schemas should have refused this input; log it so the gap gets closed.
        request.log.warn({ route: request.routeOptions.url }, "input the database cannot store reached it; answered 400");
        return sendProblem(reply, {
          code: ErrorCode.MALFORMED_REQUEST,
          detail: "The request holds characters that cannot be stored (such as a NUL byte).",
        });
      }
      if (isDatabaseUnavailable(error)) {
        request.log.error({ err: error }, "database unavailable");
        return sendProblem(reply, {
          code: ErrorCode.SERVICE_UNAVAILABLE,
          detail: "The service is temporarily unavailable; try again shortly.",
        });
      }
      request.log.error({ err: error }, "unhandled error");
      return sendProblem(reply, { code: ErrorCode.INTERNAL, detail: "Something went wrong on our side." });
    });

    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, { code: ErrorCode.NOT_FOUND, detail: `No route ${request.method} ${request.url.split("?")[0]}.` }),
    );
  },
  { name: "errors" },
);

function isDatabaseUnavailable(error: unknown): boolean {
  const text = String((error as { code?: string; message?: string })?.code ?? "") + String((error as Error)?.message ?? "");
  return /ECONNREFUSED|ECONNRESET|DatabaseNotReachable|Connection terminated|P1001|P1017/.test(text);
}
