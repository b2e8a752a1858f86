/**
 * Query keys shared across features (a feature invalidates another's data by key,
 * never by importing it).
 */
export const queryKeys = {
  config: ["config"] as const,
  account: ["account"] as const,
  /** Under the account's key: whatever refreshes the account (e.g. a verified phone) refreshes this too. */
  otpStatus: ["account", "otp"] as const,
  /** Under the account's key too; a new passkey or OTP changes what recovery codes are offered. */
  passkeys: ["account", "passkeys"] as const,
  recoveryCodes: ["account", "recovery-codes"] as const,
  sessions: ["sessions"] as const,
  mailbox: (recipient: string) => ["dev-mailbox", recipient] as const,
};
