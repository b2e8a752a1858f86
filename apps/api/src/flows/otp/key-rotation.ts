/**
 * Key rotation for OTP secrets at rest: put a new key first in ENCRYPTION_KEYS, keep
 * the old one after it, start the API (it runs this at start) or run
 * `pnpm keys:rotate`; then the old key can be removed. Nobody is locked out meanwhile:
 * every configured key still decrypts.
 */
import type { Db } from "../../db/client.ts";
import type { Encryptor } from "../../lib/encryption.ts";

export async function reencryptOtpSecrets({ db, encryptor }: { db: Db; encryptor: Encryptor }): Promise<number> {
  const current = `v1.${encryptor.currentKeyId}.`;
  const stale = await db.account.findMany({
    where: {
      OR: [
        { otpSecret: { not: null }, NOT: { otpSecret: { startsWith: current } } },
        { otpPendingSecret: { not: null }, NOT: { otpPendingSecret: { startsWith: current } } },
      ],
    },
    select: { id: true, otpSecret: true, otpPendingSecret: true },
  });
  let rewritten = 0;
  for (const row of stale) {
    const rewrap = (sealed: string | null) => (sealed ? encryptor.encrypt(encryptor.decrypt(sealed, row.id), row.id) : null);
    // Conditional on the old values: a concurrent change is never overwritten.
    const updated = await db.account.updateMany({
      where: { id: row.id, otpSecret: row.otpSecret, otpPendingSecret: row.otpPendingSecret },
      data: { otpSecret: rewrap(row.otpSecret), otpPendingSecret: rewrap(row.otpPendingSecret) },
    });
    rewritten += updated.count;
  }
  return rewritten;
}
