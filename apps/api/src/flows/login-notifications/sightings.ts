/**
 * What an account's successful sign-ins have been seen with (the `account_sighting`
 * table): one row per (account, kind, value). Looking up a sign-in is one query on the
 * primary key, and recording one is one upsert — both independent of the history's size
 * (the login history is never scanned for this).
 */
import type { Db, Tx } from "../../db/client.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { Known, SightingKind, SignInFacts } from "./rules.ts";

/**
 * Addresses the IP database cannot place (private networks, unallocated space) count as
 * one location of their own, "ZZ" — CLDR's code for an unknown region — so that the
 * first such sign-in is notified and later ones are not (ADR 010).
 */
export const UNKNOWN_COUNTRY = "ZZ";

function keysOf(facts: SignInFacts): Array<{ kind: SightingKind; value: string }> {
  const keys: Array<{ kind: SightingKind; value: string }> = [
    { kind: "country", value: facts.country ?? UNKNOWN_COUNTRY },
    { kind: "ip", value: facts.ip },
    { kind: "agent", value: facts.agent },
  ];
  if (facts.browserIdHash !== null) keys.push({ kind: "browser_id", value: facts.browserIdHash });
  return keys;
}

/**
 * What the rules need to know about this sign-in: the sightings of `kinds` (at most four
 * primary-key lookups in one query; none asked, no query). Kinds not asked read as unseen.
 */
export async function lookUp(
  db: Db | Tx,
  account: { id: string; lastSignInIp: string | null; lastSignInAgent: string | null },
  facts: SignInFacts,
  kinds: readonly SightingKind[],
): Promise<Known> {
  const wanted = keysOf(facts).filter(({ kind }) => kinds.includes(kind));
  const rows =
    wanted.length === 0
      ? []
      : await db.accountSighting.findMany({
          where: { OR: wanted.map(({ kind, value }) => ({ accountId: account.id, kind, value })) },
          select: { kind: true },
        });
  const seen = new Set(rows.map((row) => row.kind));
  return {
    browserSeen: seen.has("browser_id"),
    countrySeen: seen.has("country"),
    ipSeen: seen.has("ip"),
    agentSeen: seen.has("agent"),
    lastIp: account.lastSignInIp,
    lastAgent: account.lastSignInAgent,
  };
}

/**
 * Remembers a successful sign-in, in the transaction that creates its session: the
 * sightings and the account's last IP and browser, in one statement.
 */
export async function remember(tx: Tx, accountId: string, facts: SignInFacts, now: Date): Promise<void> {
  const rows = keysOf(facts).map(
    ({ kind, value }) => Prisma.sql`(${accountId}::uuid, ${kind}, ${value}, ${now}::timestamptz, ${now}::timestamptz)`,
  );
  // One statement for all kinds and the account's last sign-in; a value seen before
  // keeps its first_seen_at.
  await tx.$executeRaw`
    WITH seen AS (
      INSERT INTO account_sighting (account_id, kind, value, first_seen_at, last_seen_at)
      VALUES ${Prisma.join(rows)}
      ON CONFLICT (account_id, kind, value)
      DO UPDATE SET last_seen_at = GREATEST(account_sighting.last_seen_at, EXCLUDED.last_seen_at)
    )
    UPDATE account SET last_sign_in_ip = ${facts.ip}, last_sign_in_agent = ${facts.agent} WHERE id = ${accountId}::uuid`;
}
