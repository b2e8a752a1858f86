/**
 * The session cache's reads (ADR 007, ADR 031): requests of one session that miss the
 * cache at the same moment share one database read, and a read that was in flight when
 * the account changed is neither joined nor cached afterwards. The database here is a
 * stand-in that counts reads and answers when the test says so.
 */
import { describe, expect, it } from "vitest";
import type { Db } from "../db/client.ts";
import { parseUserAgent } from "../lib/client-info.ts";
import { FakeClock } from "../lib/clock.ts";
import { sha256 } from "../lib/crypto.ts";
import { type AuthenticatedSession, createSessionService } from "./service.ts";

const UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

function database(now: Date) {
  const pending: Array<(session: AuthenticatedSession) => void> = [];
  let email = "old@example.com";
  const db = {
    // The account's change itself is not the point here: it runs on the stand-in as is.
    $transaction: (work: (tx: unknown) => Promise<unknown>) => work(db),
    session: {
      findUnique: () =>
        new Promise<AuthenticatedSession>((resolve) => {
          const session = {
            id: "s1",
            accountId: "a1",
            userAgent: parseUserAgent(UA).userAgentKey,
            revokedAt: null,
            lastUsedAt: now,
            absoluteExpiresAt: new Date(now.getTime() + 3_600_000),
            account: { id: "a1", email },
          } as unknown as AuthenticatedSession;
          pending.push(() => resolve(session));
        }),
    },
  };
  return {
    db: db as unknown as Db,
    pending,
    setEmail(value: string) {
      email = value;
    },
    answerAll() {
      for (const answer of pending.splice(0)) answer(undefined as never);
    },
  };
}

describe("session reads", () => {
  it("serve 20 parallel requests of one session from one database read", async () => {
    const clock = new FakeClock(new Date());
    const fake = database(clock.now());
    const sessions = createSessionService({ db: fake.db, clock, settings: { idleMs: 3_600_000, absoluteMs: 43_200_000 } });
    const requests = Array.from({ length: 20 }, () => sessions.authenticate("token-1", UA, "192.0.2.1"));
    expect(fake.pending).toHaveLength(1);
    fake.answerAll();
    const answered = await Promise.all(requests);
    expect(new Set(answered.map((s) => s.id))).toEqual(new Set(["s1"]));
  });

  it("never let a request join, or the cache keep, a read that began before the account changed", async () => {
    const clock = new FakeClock(new Date());
    const fake = database(clock.now());
    const sessions = createSessionService({ db: fake.db, clock, settings: { idleMs: 3_600_000, absoluteMs: 43_200_000 } });
    const before = sessions.authenticate("token-1", UA, "192.0.2.1");
    // The account changes while that read is in flight; changeAccount forgets it after the change.
    await sessions.changeAccount("a1", async () => fake.setEmail("new@example.com"));
    const after = sessions.authenticate("token-1", UA, "192.0.2.1");
    expect(fake.pending).toHaveLength(2);
    fake.answerAll();
    await before;
    expect((await after).account.email).toBe("new@example.com");
    // The next request is served from the cache, with what the newer read found.
    const cached = await sessions.authenticate("token-1", UA, "192.0.2.1");
    expect(fake.pending).toHaveLength(0);
    expect(cached.account.email).toBe("new@example.com");
  });

  it("answer a session read within the second without a promise, and leave everything else to the full check", async () => {
    const clock = new FakeClock(new Date());
    const fake = database(clock.now());
    let monotonic = 0;
    const sessions = createSessionService({
      db: fake.db,
      clock,
      settings: { idleMs: 3_600_000, absoluteMs: 43_200_000 },
      monotonicNow: () => monotonic,
    });
    const hash = sha256("token-1");
    expect(sessions.cached(hash, UA)).toBeUndefined();
    const first = sessions.authenticate("token-1", UA, "192.0.2.1");
    fake.answerAll();
    await first;
    expect(sessions.cached(hash, UA)?.id).toBe("s1");
    // Another browser: the full check ends the session, so the fast path must not answer.
    expect(sessions.cached(hash, "curl/8.5.0")).toBeUndefined();
    // A last use to write (a minute has passed) is the full check's work too.
    clock.advance(60_000);
    expect(sessions.cached(hash, UA)).toBeUndefined();
    // After the second, the cached read is too old to trust.
    clock.set(new Date(clock.now().getTime() - 60_000));
    expect(sessions.cached(hash, UA)?.id).toBe("s1");
    monotonic += 1000;
    expect(sessions.cached(hash, UA)).toBeUndefined();
    // And a change to the account forgets it at once.
    const again = sessions.authenticate("token-1", UA, "192.0.2.1");
    fake.answerAll();
    await again;
    expect(sessions.cached(hash, UA)?.id).toBe("s1");
    await sessions.changeAccount("a1", async () => undefined);
    expect(sessions.cached(hash, UA)).toBeUndefined();
  });
});
