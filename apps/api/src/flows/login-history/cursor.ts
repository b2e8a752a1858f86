/**
 * The login history's page cursor: the position (time, id) of the last row a page
 * served, signed with a server key for the account that asked for it. Opaque to the
 * client; a cursor that was altered, cut short or issued to another account fails the
 * signature and is refused before any query runs (ADR 011).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { hmac } from "../../lib/crypto.ts";

export interface CursorPosition {
  at: Date;
  id: string;
}

/** 8 bytes of milliseconds, 16 of the UUID, 16 of HMAC-SHA-256 (128 bits resist forgery). */
const AT_BYTES = 8;
const ID_BYTES = 16;
const MAC_BYTES = 16;
const CURSOR_BYTES = AT_BYTES + ID_BYTES + MAC_BYTES;
/** 40 bytes are exactly 54 base64url characters (no padding). */
const CURSOR_PATTERN = /^[A-Za-z0-9_-]{54}$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createCursorCodec(key: string) {
  // The account id is part of what is signed, so one account's cursor is no use to another.
  const mac = (accountId: string, position: Buffer) =>
    createHmac("sha256", key).update(accountId).update(position).digest().subarray(0, MAC_BYTES);

  return {
    encode(accountId: string, { at, id }: CursorPosition): string {
      if (!UUID_PATTERN.test(id)) throw new Error("a login event id is a UUID");
      const position = Buffer.alloc(AT_BYTES + ID_BYTES);
      position.writeBigInt64BE(BigInt(at.getTime()), 0);
      Buffer.from(id.replaceAll("-", ""), "hex").copy(position, AT_BYTES);
      return Buffer.concat([position, mac(accountId, position)]).toString("base64url");
    },

    /** The position, or null when the cursor is not one this server issued to this account. */
    decode(accountId: string, cursor: string): CursorPosition | null {
      if (!CURSOR_PATTERN.test(cursor)) return null;
      const bytes = Buffer.from(cursor, "base64url");
      // The last character carries 4 unused bits: only the one spelling we issued is accepted.
      if (bytes.length !== CURSOR_BYTES || bytes.toString("base64url") !== cursor) return null;
      const position = bytes.subarray(0, AT_BYTES + ID_BYTES);
      if (!timingSafeEqual(bytes.subarray(AT_BYTES + ID_BYTES), mac(accountId, position))) return null;
      const at = new Date(Number(position.readBigInt64BE(0)));
      const hex = position.subarray(AT_BYTES).toString("hex");
      const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      return { at, id };
    },
  };
}

export type CursorCodec = ReturnType<typeof createCursorCodec>;

/** The codec of this server: its key is derived from TOKEN_SECRET, for this one use. */
export function cursorCodecFor(tokenSecret: string): CursorCodec {
  return createCursorCodec(hmac(tokenSecret, "login-history-cursor"));
}
