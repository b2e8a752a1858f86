import { type Challenge, solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";

/**
 * Solves an ALTCHA challenge the way the browser widget does and returns the payload
 * it would submit (base64 of `{ challenge: { parameters, signature }, solution }`).
 * For API tests and benchmarks: with a small `altchaMaxNumber` it is instant; at the
 * default it costs what a user's browser pays.
 */
export async function solveAltchaChallenge(challenge: unknown): Promise<string> {
  const { parameters, signature } = challenge as Challenge;
  const solution = await solveChallenge({ challenge: { parameters, signature }, deriveKey, timeout: 60_000 });
  if (!solution) throw new Error("The ALTCHA challenge was not solved in time.");
  return Buffer.from(JSON.stringify({ challenge: { parameters, signature }, solution })).toString("base64");
}
