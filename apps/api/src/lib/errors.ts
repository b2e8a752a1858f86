import { type ErrorCatalogue, type ErrorCode, type ErrorParams, type FieldError, statusOf } from "@portier/shared/errors";

/** What a code's problem body carries besides its detail: its params when it declares them, its wait when it has one. */
export type ProblemExtra<C extends ErrorCode> = { errors?: FieldError[] } & (ErrorParams<C> extends undefined
  ? { params?: undefined }
  : Partial<ErrorParams<C>> extends ErrorParams<C>
    ? { params?: ErrorParams<C> }
    : { params: ErrorParams<C> }) &
  (ErrorCatalogue[C] extends { retryAfter: true } ? { retryAfter: number } : { retryAfter?: undefined });

type ExtraArg<C extends ErrorCode> =
  Partial<ProblemExtra<C>> extends ProblemExtra<C> ? [extra?: ProblemExtra<C>] : [extra: ProblemExtra<C>];

/**
 * A failure the client caused or should know about. Rendered as problem+json by the
 * one error handler (plugins/errors.ts). Its status is the code's, from the catalogue
 * (@portier/shared/errors, ADR 033): a code is always sent with the same status, and
 * with the parameters its declaration asks for.
 */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: number;
  readonly extra: { errors?: FieldError[]; params?: Record<string, unknown>; retryAfter?: number };

  constructor(
    readonly code: C,
    message: string,
    ...[extra]: ExtraArg<C>
  ) {
    super(message);
    this.name = "AppError";
    this.status = statusOf(code);
    this.extra = (extra ?? {}) as AppError["extra"];
  }
}

/** A failure that belongs to one input field (shown next to it in the SPA). */
export function fieldError<C extends ErrorCode>(code: C, field: string, message: string, ...[extra]: ExtraArg<C>): AppError<C> {
  return new AppError<C>(code, message, ...([{ ...extra, errors: [{ field, code, message }] }] as unknown as ExtraArg<C>));
}
