import type { z } from "zod";

/** The HTTP statuses a problem may have. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 414 | 415 | 429 | 500 | 502 | 503;

/**
 * One error code: the one HTTP status it is always sent with, the typed parameters its
 * problem body carries in `params` (so no client reads numbers or reasons out of the
 * English `detail`), and whether it says when to try again (`retryAfter`, seconds).
 */
export interface ErrorSpec {
  readonly status: ProblemStatus;
  readonly params?: z.ZodObject;
  readonly retryAfter?: true;
}

export type ErrorSpecs = Readonly<Record<string, ErrorSpec>>;

/**
 * Declares the error codes one flow (or one lower layer) answers with. The catalogue
 * (errors.ts) is assembled from these declarations; the API's flow list names each
 * flow's declaration once (apps/api/src/flows/index.ts, ADR 033).
 */
export function defineErrors<const T extends ErrorSpecs>(errors: T): T {
  return errors;
}
