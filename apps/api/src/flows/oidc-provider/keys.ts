/**
 * The keys ID tokens are signed with (SPEC §11), kept in PostgreSQL so every instance
 * signs and publishes the same ones. The private half is AES-256-GCM encrypted under
 * ENCRYPTION_KEYS (lib/encryption.ts), bound to its kid.
 *
 * Rotation (`pnpm oidc:rotate-keys`) adds a new key that becomes current at once and
 * retires the previous one. A retired key is still published in the JWKS for
 * RETIRED_KEY_PUBLISHED_MS — longer than anything it signed lives (ID tokens: one hour) —
 * so tokens issued just before a rotation keep verifying; after that it is deleted.
 * Instances notice a rotation within KEY_RECHECK_MS (provider.ts) without a restart.
 */
import { generateKeyPairSync, type JsonWebKey, randomBytes } from "node:crypto";
import type { Db } from "../../db/client.ts";
import type { Clock } from "../../lib/clock.ts";
import { DAY } from "../../lib/clock.ts";
import type { Encryptor } from "../../lib/encryption.ts";

/** RS256: the algorithm every OpenID Connect relying party supports (OpenID Connect Core §15.1). */
export const SIGNING_ALG = "RS256";
const RSA_BITS = 2048;

/**
 * How long a replaced key stays in the JWKS: a day, well past the one-hour life of the
 * ID tokens it signed, so `id_token_hint`s of the last day still verify at logout.
 */
export const RETIRED_KEY_PUBLISHED_MS = DAY;

/** Serialises key creation across instances (two instances starting at once make one key). */
const KEY_LOCK = 73_115_001;

export interface SigningKey {
  kid: string;
  /** The private JWK, for the library; `current` signs, the others only verify. */
  jwk: JsonWebKey & { kid: string; alg: string; use: "sig"; key_ops?: string[] };
  current: boolean;
}

export interface SigningKeysDeps {
  db: Db;
  clock: Clock;
  encryptor: Encryptor;
}

/** The current key first, then the retired ones, most recently retired first. */
const NEWEST_FIRST = [{ retiredAt: { sort: "desc" as const, nulls: "first" as const } }, { createdAt: "desc" as const }];

const associatedData = (kid: string) => `oidc-signing-key:${kid}`;

export function createSigningKeys({ db, clock, encryptor }: SigningKeysDeps) {
  const publishedSince = () => new Date(clock.now().getTime() - RETIRED_KEY_PUBLISHED_MS);

  function newKey() {
    const kid = randomBytes(12).toString("base64url");
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: RSA_BITS });
    const meta = { kid, alg: SIGNING_ALG, use: "sig" as const };
    return {
      kid,
      alg: SIGNING_ALG,
      publicJwk: { ...publicKey.export({ format: "jwk" }), ...meta },
      privateJwk: encryptor.encrypt(Buffer.from(JSON.stringify({ ...privateKey.export({ format: "jwk" }), ...meta })), associatedData(kid)),
      createdAt: clock.now(),
    };
  }

  /** The keys still published: the current one and those retired less than a day ago. */
  async function published() {
    return db.oidcSigningKey.findMany({
      where: { OR: [{ retiredAt: null }, { retiredAt: { gt: publishedSince() } }] },
      orderBy: NEWEST_FIRST,
    });
  }

  return {
    /** Makes the first key when there is none (at start; safe when several instances start together). */
    async ensureCurrent(): Promise<void> {
      if (await db.oidcSigningKey.findFirst({ where: { retiredAt: null } })) return;
      await db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${KEY_LOCK})`;
        if (await tx.oidcSigningKey.findFirst({ where: { retiredAt: null } })) return;
        await tx.oidcSigningKey.create({ data: newKey() });
      });
    },

    /**
     * A new current key; the previous one is retired (still published for a day) and
     * keys retired longer ago are deleted. Returns the new kid.
     */
    async rotate(): Promise<{ kid: string; retired: string[]; deleted: number }> {
      return db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${KEY_LOCK})`;
        const now = clock.now();
        const previous = await tx.oidcSigningKey.findMany({ where: { retiredAt: null }, select: { kid: true } });
        await tx.oidcSigningKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now } });
        const key = newKey();
        await tx.oidcSigningKey.create({ data: key });
        const deleted = await tx.oidcSigningKey.deleteMany({ where: { retiredAt: { lte: publishedSince() } } });
        return { kid: key.kid, retired: previous.map((p) => p.kid), deleted: deleted.count };
      });
    },

    /** A cheap fingerprint of the published keys: instances rebuild their provider when it changes. */
    async fingerprint(): Promise<string> {
      const keys = await db.oidcSigningKey.findMany({
        where: { OR: [{ retiredAt: null }, { retiredAt: { gt: publishedSince() } }] },
        select: { kid: true, retiredAt: true },
        orderBy: NEWEST_FIRST,
      });
      return keys.map((k) => `${k.kid}${k.retiredAt ? "-" : "+"}`).join(",");
    },

    /** The published keys with their private halves, current first (the one that signs). */
    async forProvider(): Promise<SigningKey[]> {
      const keys = await published();
      return keys.map((key) => {
        const jwk = JSON.parse(encryptor.decrypt(key.privateJwk, associatedData(key.kid)).toString("utf8")) as SigningKey["jwk"];
        // A retired key may only verify (an id_token_hint it signed), never sign again.
        return { kid: key.kid, current: key.retiredAt === null, jwk: key.retiredAt === null ? jwk : { ...jwk, key_ops: ["verify"] } };
      });
    },

    /** The public JWKS every relying party fetches (/oidc/jwks). */
    async jwks(): Promise<{ keys: JsonWebKey[] }> {
      return { keys: (await published()).map((k) => k.publicJwk as JsonWebKey) };
    },

    /** Re-encrypts private keys made under an older ENCRYPTION_KEYS key (`pnpm keys:rotate`, and at start). */
    async reencrypt(): Promise<number> {
      const keys = await db.oidcSigningKey.findMany({ select: { kid: true, privateJwk: true } });
      let count = 0;
      for (const key of keys) {
        if (encryptor.keyIdOf(key.privateJwk) === encryptor.currentKeyId) continue;
        const plain = encryptor.decrypt(key.privateJwk, associatedData(key.kid));
        const updated = await db.oidcSigningKey.updateMany({
          where: { kid: key.kid, privateJwk: key.privateJwk },
          data: { privateJwk: encryptor.encrypt(plain, associatedData(key.kid)) },
        });
        count += updated.count;
      }
      return count;
    },
  };
}

export type SigningKeys = ReturnType<typeof createSigningKeys>;
