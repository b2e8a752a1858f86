/**
 * Which locale key says an API problem, and with which values: chosen by its `code` and
 * read from its typed `params` (ADR 033), never from the English `detail`. The params
 * are checked against the code's declaration in the shared catalogue; params that do
 * not match it are not used.
 */
import { SignInCancelReason } from "@portier/shared/auth";
import { type ErrorCode, type ErrorParams, errorCatalogue } from "@portier/shared/errors";

export interface ProblemText {
  key: string;
  vars: Record<string, unknown>;
}

function isCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalogue, code);
}

/** The code's params, if they are what its declaration says. */
export function paramsOf<C extends ErrorCode>(code: C, params: unknown): ErrorParams<C> | undefined {
  const schema = errorCatalogue[code] as { params?: { safeParse(value: unknown): { success: boolean; data?: unknown } } };
  if (!schema.params) return undefined;
  const parsed = schema.params.safeParse(params ?? {});
  return parsed.success ? (parsed.data as ErrorParams<C>) : undefined;
}

/** The locale key (under the translation root) and values for a problem's code and params. */
export function problemText(code: string, params?: unknown): ProblemText {
  const plain = { key: `errors.${code}`, vars: {} };
  if (!isCode(code)) return plain;
  switch (code) {
    case "CODE_INVALID":
    case "OTP_INVALID":
    case "RECOVERY_CODE_INVALID":
    case "PASSKEY_INVALID": {
      const remaining = paramsOf(code, params)?.remainingTries;
      return remaining === undefined ? plain : { key: `errors.${code}_REMAINING`, vars: { count: remaining } };
    }
    case "LOGIN_ATTEMPT_CANCELLED": {
      const reason = SignInCancelReason.safeParse(paramsOf(code, params)?.reason);
      return reason.success ? { key: `errors.LOGIN_ATTEMPT_CANCELLED_BY.${reason.data}`, vars: {} } : plain;
    }
    default: {
      // Any other code's params are its text's values (e.g. LOGIN_ATTEMPT_EXPIRED's {{minutes}}).
      const vars = paramsOf(code, params);
      return vars ? { key: plain.key, vars } : plain;
    }
  }
}
