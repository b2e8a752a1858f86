import type { ErrorCode, FieldError } from "@portier/shared/errors";

/**
 * A failure the client caused or should know about. Rendered as problem+json by the
 * one error handler (plugins/errors.ts); `code` is from the shared catalogue.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { errors?: FieldError[]; retryAfter?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** A failure that belongs to one input field (shown next to it in the SPA). */
export function fieldError(status: number, code: ErrorCode, field: string, message: string): AppError {
  return new AppError(status, code, message, { errors: [{ field, code, message }] });
}
