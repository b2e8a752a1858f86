/**
 * Where the OpenID provider keeps its state (SPEC §11): PostgreSQL, one `oidc_payload`
 * row per session, interaction, grant, code or token, so every API instance serves the
 * same issuer. The library hands its records over through this adapter contract.
 *
 * - Ids are stored as their SHA-256. For codes and tokens the library's id *is* the
 *   bearer value; the payload's own copy (`jti`) is dropped and given back on reads. A
 *   copy of the table therefore holds no usable code or token (as for sessions, SPEC §2).
 * - Consuming (codes, rotated refresh tokens) is one conditional UPDATE: of two
 *   requests racing with the same code, exactly one wins; the other is refused and the
 *   grant behind the code is revoked, as for any reused code (RFC 6749 §4.1.2).
 * - Lifetimes are the library's (real time, in seconds), not the injected Clock: the
 *   library checks every expiry itself against its own time.
 */
import type { Adapter, AdapterPayload } from "oidc-provider";
import { errors } from "oidc-provider";
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { sha256 } from "../../lib/crypto.ts";

/** How long expired rows are kept before a sweep deletes them (a day: room for clock skew and support questions). */
const SWEEP_AFTER_MS = 24 * 60 * 60 * 1000;
/** At most one sweep per instance in this interval. */
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

/** Kinds whose consumption is checked (the library marks them used, then refuses reuse). */
const CONSUMABLE = new Set(["AuthorizationCode", "RefreshToken", "DeviceCode", "BackchannelAuthenticationRequest"]);

export interface OidcAdapterDeps {
  db: Db;
  /** Real time in ms (the library's time); tests keep the default. */
  now?: () => number;
}

export function createOidcAdapterFactory({ db, now = Date.now }: OidcAdapterDeps) {
  let lastSweep = now();

  /** Deletes rows long expired, at most once per interval on this instance. */
  async function sweep() {
    if (now() - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = now();
    await db.oidcPayload.deleteMany({ where: { expiresAt: { lt: new Date(now() - SWEEP_AFTER_MS) } } });
  }

  return function adapterFor(kind: string): Adapter {
    return {
      async upsert(id: string, payload: AdapterPayload, expiresIn?: number) {
        const { jti: _jti, ...stored } = payload;
        const row = {
          payload: stored as Prisma.InputJsonValue,
          // A grant's own id is not secret (every token names it); kept so one DELETE revokes all.
          grantId: kind === "Grant" ? id : (payload.grantId ?? null),
          userCode: payload.userCode ? sha256(payload.userCode) : null,
          uid: payload.uid ?? null,
          accountId: kind === "Grant" || kind === "Session" ? (payload.accountId ?? null) : null,
          clientId: payload.clientId ?? null,
          expiresAt: expiresIn ? new Date(now() + expiresIn * 1000) : null,
        };
        const key = { kind, id: sha256(id) };
        // A device code found by its user code (the customer typed it) comes back without its
        // id, which only the CLI holds (stored here as a hash): the library then saves it under
        // a fresh id, which it keeps for the rest of the customer's side. Every row of that user
        // code gets each save, so the CLI's code, which it polls the token endpoint with, sees
        // the customer's answer (RFC 8628; ADR 041).
        if (kind === "DeviceCode" && row.userCode) {
          await db.oidcPayload.updateMany({ where: { kind, userCode: row.userCode, id: { not: key.id } }, data: row });
        }
        await db.oidcPayload.upsert({ where: { kind_id: key }, create: { ...key, ...row }, update: row });
        await sweep();
      },

      async find(id: string) {
        const row = await db.oidcPayload.findUnique({ where: { kind_id: { kind, id: sha256(id) } } });
        return row ? restore(row, id) : undefined;
      },

      async findByUid(uid: string) {
        const row = await db.oidcPayload.findFirst({ where: { kind, uid } });
        // The library reads the session's id (its cookie value) from the payload it gets
        // back, so a session is only ever found by uid through its id: none is stored.
        return row ? restore(row, undefined) : undefined;
      },

      async findByUserCode(userCode: string) {
        const row = await db.oidcPayload.findFirst({ where: { kind, userCode: sha256(userCode) } });
        return row ? restore(row, undefined) : undefined;
      },

      async consume(id: string) {
        const key = { kind, id: sha256(id) };
        const consumed = await db.oidcPayload.updateMany({ where: { ...key, consumedAt: null }, data: { consumedAt: new Date(now()) } });
        if (consumed.count === 1 || !CONSUMABLE.has(kind)) return;
        // Another request consumed it between the library's read and this write: a replay.
        const row = await db.oidcPayload.findUnique({ where: { kind_id: key } });
        if (row?.grantId) await revokeGrants(db, [row.grantId]);
        throw new errors.InvalidGrant(`${kind === "RefreshToken" ? "refresh token" : "authorization code"} already used`);
      },

      async destroy(id: string) {
        await db.oidcPayload.deleteMany({ where: { kind, id: sha256(id) } });
      },

      async revokeByGrantId(grantId: string) {
        await db.oidcPayload.deleteMany({ where: { kind, grantId } });
      },
    };
  };
}

/** A stored row as the library wrote it: the id back in `jti`, consumption as epoch seconds. */
function restore(row: { payload: Prisma.JsonValue; consumedAt: Date | null }, id: string | undefined): AdapterPayload {
  const payload = { ...(row.payload as AdapterPayload) };
  if (id !== undefined) payload.jti = id;
  if (row.consumedAt) payload.consumed = Math.floor(row.consumedAt.getTime() / 1000);
  return payload;
}

/** Deletes grants and every code and token issued under them, in one statement. */
export async function revokeGrants(db: Db, grantIds: string[]) {
  if (grantIds.length === 0) return;
  await db.oidcPayload.deleteMany({ where: { grantId: { in: grantIds } } });
}
