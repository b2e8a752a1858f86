import { createHmac, randomBytes } from "node:crypto";
import bcrypt from "bcrypt";

/**
 * Password storage (SPEC §1):
 *
 *   bcrypt(cost, base64(HMAC-SHA-256(pepper, NFKC(password))))
 *
 * - bcrypt silently ignores everything after 72 bytes; a 100-character Czech or emoji
 *   password passes that in far fewer characters. The HMAC turns any password into 44
 *   base64 characters, so every character counts.
 * - base64, not the raw digest: bcrypt stops at a NUL byte, which a raw digest may contain.
 * - The pepper (from configuration, not the database) means a leaked table alone
 *   cannot be attacked offline.
 * - NFKC so that the same password typed on another keyboard or OS still matches.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /** For an unknown account: costs what a wrong password costs, and always fails. */
  verifyAgainstDummy(password: string): Promise<false>;
}

/** bcrypt's own bounds for the cost (log2 of the rounds). */
const MIN_COST = 4;
const MAX_COST = 31;

const BCRYPT_HASH = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;

export function createPasswordHasher(options: { pepper: string; cost: number }): PasswordHasher {
  const { pepper, cost } = options;
  if (pepper.length === 0) throw new Error("The password pepper must not be empty.");
  if (!Number.isInteger(cost) || cost < MIN_COST || cost > MAX_COST) {
    throw new Error(`The bcrypt cost must be an integer from ${MIN_COST} to ${MAX_COST}.`);
  }

  const prehash = (password: string): string => createHmac("sha256", pepper).update(password.normalize("NFKC"), "utf8").digest("base64");

  // A promise, not a value, so parallel first calls share one computation.
  let dummy: Promise<string> | undefined;
  const dummyHash = (): Promise<string> => {
    dummy ??= bcrypt.hash(randomBytes(32).toString("base64"), cost);
    return dummy;
  };

  const verifyAgainstDummy = async (password: string): Promise<false> => {
    await bcrypt.compare(prehash(password), await dummyHash());
    return false;
  };

  return {
    // The async bcrypt API runs on libuv's thread pool: at cost 12 (~250 ms) a
    // synchronous hash would stall every other request on this process.
    hash: (password) => bcrypt.hash(prehash(password), cost),

    async verify(password, hash) {
      // A malformed stored hash is a data error, not a reason to answer faster than
      // a real comparison would (that would tell an attacker something).
      if (!BCRYPT_HASH.test(hash)) return verifyAgainstDummy(password);
      return bcrypt.compare(prehash(password), hash);
    },

    verifyAgainstDummy,
  };
}

/**
 * Whether a stored hash should be replaced at the next successful sign-in, because the
 * configured cost changed (or the hash is not one of ours at all).
 */
export function needsRehash(hash: string, cost: number): boolean {
  const match = BCRYPT_HASH.exec(hash);
  return !match || Number(match[1]) !== cost;
}
