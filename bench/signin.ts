/**
 * The sign-in figure of `pnpm bench`: sign-ins per second against what bcrypt alone
 * achieves on this machine, measured the same way, in alternating rounds.
 *
 * The bound is bcrypt comparisons in this process with as many in flight as sign-ins
 * (libuv's thread pool, as in the API), not `cores / one hash's time`: the cores of a
 * shared machine do not scale perfectly (hash-only runs reach about 0.97 of that), and
 * what Portier adds beside bcrypt is what the ratio is for. Their speed also drifts by up
 * to 2× over seconds, so each round measures both sides seconds apart, which goes first
 * alternating, and the ratio is the median of the rounds'.
 *
 * A rate over a window of a few seconds holds only a few dozen operations of ~200 ms;
 * counting whole completions would make it jump by one in thirty. Each operation
 * instead counts for the share of its duration that falls inside the window.
 */

export interface RateOptions {
  concurrency: number;
  /** Run this long before the window opens, so the pipeline is full. */
  rampMs: number;
  windowMs: number;
}

/**
 * Operations per second inside the window while `concurrency` callers run `op` back to
 * back; an operation straddling an edge counts for its share inside.
 */
export async function rateOf(op: (i: number) => Promise<void>, { concurrency, rampMs, windowMs }: RateOptions): Promise<number> {
  const opens = performance.now() + rampMs;
  const closes = opens + windowMs;
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < closes) {
        const started = performance.now();
        await op(next++);
        const ended = performance.now();
        const inside = Math.min(ended, closes) - Math.max(started, opens);
        if (inside > 0) done += inside / (ended - started);
      }
    }),
  );
  return done / (windowMs / 1000);
}

export interface SignInRound {
  signInPerS: number;
  bcryptPerS: number;
}

/** `rounds` rounds of both sides, in turn; which goes first alternates. */
export async function signInRounds(
  sides: { signIn: (i: number) => Promise<void>; bcrypt: (i: number) => Promise<void> },
  { rounds, concurrency, windowMs }: { rounds: number; concurrency: number; windowMs: number },
): Promise<SignInRound[]> {
  const results: SignInRound[] = [];
  // A sign-in's answer takes about CONCURRENCY / rate: ramp over a few of them.
  const signIn = () => rateOf(sides.signIn, { concurrency, rampMs: 1500, windowMs });
  const bcrypt = () => rateOf(sides.bcrypt, { concurrency, rampMs: 500, windowMs });
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      const signInPerS = await signIn();
      results.push({ signInPerS, bcryptPerS: await bcrypt() });
    } else {
      const bcryptPerS = await bcrypt();
      results.push({ signInPerS: await signIn(), bcryptPerS });
    }
  }
  return results;
}
