/**
 * The one way a live link or SMS code stops working before it is used or expires: it is
 * voided (`voided_at`), and every check refuses it from then on (TOKEN_VOIDED for a link).
 * A newer link or code of the same purpose voids the earlier ones (links.ts,
 * sms-codes.ts); a change of the account voids what it makes stale.
 */
import type { Tx } from "../db/client.ts";
import type { VerificationPurpose } from "../generated/prisma/client.ts";

export async function voidVerifications(
  tx: Tx,
  accountId: string,
  now: Date,
  which: {
    /** Only these purposes; every purpose when absent. */
    purposes?: readonly VerificationPurpose[];
    /** Only those sent elsewhere than this (an address, a number). */
    targetNot?: string;
  } = {},
): Promise<void> {
  await tx.verification.updateMany({
    where: {
      accountId,
      ...(which.purposes ? { purpose: { in: [...which.purposes] } } : {}),
      ...(which.targetNot === undefined ? {} : { target: { not: which.targetNot } }),
      consumedAt: null,
      voidedAt: null,
    },
    data: { voidedAt: now },
  });
}
