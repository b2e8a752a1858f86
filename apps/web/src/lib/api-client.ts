/**
 * The one way the SPA talks to the API: same-origin JSON under /api/v1 (the dev
 * server proxies it), cookies sent only to our own origin, and every error turned
 * into an ApiError carrying the RFC 9457 problem the API answered with.
 */
import type { Problem } from "@portier/shared/errors";
import type { z } from "zod";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = "ApiError";
  }

  get code(): string | undefined {
    return this.problem?.code;
  }
}

interface RequestOptions<T> {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  /** Parses a success body; omitted for 204 answers. */
  schema?: z.ZodType<T>;
  signal?: AbortSignal;
}

export async function api<T = void>(path: string, { method = "GET", body, schema, signal }: RequestOptions<T> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json, application/problem+json" };
  // Content-Type only with a body: the API rejects a JSON type on an empty request.
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: "same-origin",
      signal: signal ?? null,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, null);
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  if (response.status === 204 || !schema) return undefined as T;
  return schema.parse(await response.json());
}

/**
 * The problem the API answered with. Its schema comes with the shared error catalogue,
 * which the app's first script does not carry (ADR 036): fetched with the first answer
 * that needs it, in the chunk every page already shares.
 */
async function readProblem(response: Response): Promise<Problem | null> {
  try {
    const [{ Problem }, body] = await Promise.all([import("@portier/shared/errors"), response.json()]);
    const parsed = Problem.safeParse(body);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The request of an emailed link's page: its token POSTed (opening a link changes nothing
 * by a GET, and the token stays out of every URL and server log).
 */
export const postToken =
  <T>(path: string, schema: z.ZodType<T>) =>
  (token: string): Promise<T> =>
    api(path, { method: "POST", body: { token }, schema });
