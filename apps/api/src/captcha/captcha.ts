import { createHash, createHmac, randomInt } from "node:crypto";
import { type Challenge, createChallenge, verifySolution } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";
import type { Db } from "../db/client.ts";
import { type Clock, MINUTE, SECOND } from "../lib/clock.ts";

/**
 * CAPTCHA (SPEC §8). The default is ALTCHA, a proof-of-work puzzle we create and check
 * ourselves: no third party sees our users, and it works offline. Turnstile, hCaptcha
 * and reCAPTCHA are configurable alternatives, checked through their siteverify APIs.
 */
export interface CaptchaVerifier {
  provider: string;
  /** A new challenge for the widget, or null when the provider's widget fetches its own. */
  challenge(): Promise<unknown | null>;
  /** Whether the widget's answer is valid and unused. False, never a throw, for bad input. */
  verify(solution: string, remoteIp?: string): Promise<boolean>;
}

export type CaptchaProvider = "altcha" | "turnstile" | "hcaptcha" | "recaptcha";

export interface CaptchaConfig {
  provider: CaptchaProvider;
  /** The provider's secret key (third-party providers only). */
  secret?: string;
  /** The provider's public site key, for the SPA (third-party providers only). */
  siteKey?: string;
  /** ALTCHA work: the solver tries up to this many hashes, half on average. */
  altchaMaxNumber: number;
}

export interface CaptchaOptions {
  config: CaptchaConfig;
  /** Signs ALTCHA challenges; derived from TOKEN_SECRET, so every API instance agrees. */
  hmacKey: string;
  db: Db;
  clock: Clock;
  /** Replaceable for tests; the real one otherwise. */
  fetch?: typeof fetch;
}

/** Long enough to solve on a slow phone and fill in a form, short enough to limit stockpiling. */
export const ALTCHA_CHALLENGE_TTL_MS = 10 * MINUTE;

const SITEVERIFY_URL: Record<Exclude<CaptchaProvider, "altcha">, string> = {
  turnstile: "https://challenges.cloudflare.com/turnstile/v0/siteverify",
  hcaptcha: "https://api.hcaptcha.com/siteverify",
  recaptcha: "https://www.google.com/recaptcha/api/siteverify",
};

const SITEVERIFY_TIMEOUT_MS = 10 * SECOND;

/** The widget's payload is small; anything much bigger is not one, so it is not parsed. */
const MAX_SOLUTION_LENGTH = 8192;

export function createCaptcha(options: CaptchaOptions): CaptchaVerifier & { purgeExpired(): Promise<number> } {
  const { config, db, clock } = options;
  // Stale rows only cost space: an expired challenge is refused before the table is
  // consulted. Anyone may call this (a timer, a job); verify also does it now and then.
  const purgeExpired = async (): Promise<number> => {
    const { count } = await db.captchaUse.deleteMany({ where: { expiresAt: { lt: clock.now() } } });
    return count;
  };

  if (config.provider === "altcha") {
    return { ...createAltcha(options, purgeExpired), purgeExpired };
  }
  if (!config.secret) throw new Error(`CAPTCHA_SECRET is required for the ${config.provider} CAPTCHA.`);
  return {
    ...createSiteverify(SITEVERIFY_URL[config.provider], config.secret, options.fetch ?? fetch, config.provider),
    purgeExpired,
  };
}

function createAltcha(options: CaptchaOptions, purgeExpired: () => Promise<number>): CaptchaVerifier {
  const { config, db, clock, hmacKey } = options;
  const maxNumber = config.altchaMaxNumber;
  // The widget encodes the counter as uint32.
  if (!Number.isInteger(maxNumber) || maxNumber < 1 || maxNumber > 0xffff_ffff) {
    throw new Error("altchaMaxNumber must be an integer from 1 to 2^32 - 1.");
  }
  if (hmacKey.length === 0) throw new Error("The CAPTCHA HMAC key must not be empty.");
  // Separate keys for the two signatures altcha-lib makes, derived from the one we are given.
  const signatureSecret = createHmac("sha256", hmacKey).update("portier/altcha/challenge").digest("hex");
  const keySignatureSecret = createHmac("sha256", hmacKey).update("portier/altcha/key").digest("hex");

  return {
    provider: "altcha",

    async challenge() {
      // altcha-lib 2 ("v2" proof of work): in deterministic mode the server picks the
      // counter, so `altchaMaxNumber` bounds the solver's work exactly as v1's
      // `maxnumber` did. SHA-256 with cost 1 keeps verification to two HMACs.
      //
      // The expiry goes into the signed `data`, not `expiresAt`: altcha-lib checks
      // `expiresAt` against Date.now() and cannot be given our clock, and tests move
      // the clock instead of sleeping.
      const expires = Math.floor((clock.now().getTime() + ALTCHA_CHALLENGE_TTL_MS) / SECOND);
      return createChallenge({
        algorithm: "SHA-256",
        cost: 1,
        counter: randomInt(0, maxNumber + 1),
        deriveKey,
        data: { expires },
        hmacSignatureSecret: signatureSecret,
        hmacKeySignatureSecret: keySignatureSecret,
      });
    },

    async verify(solution) {
      const payload = parsePayload(solution);
      if (!payload) return false;
      const { challenge } = payload;
      let verified: boolean;
      try {
        const result = await verifySolution({
          challenge,
          solution: payload.solution,
          deriveKey,
          hmacSignatureSecret: signatureSecret,
          hmacKeySignatureSecret: keySignatureSecret,
        });
        verified = result.verified;
      } catch {
        // The lib throws on some malformed parameters (odd hex, unknown algorithm): a bad answer.
        return false;
      }
      if (!verified) return false;

      // Only now, with the signature checked, is `data.expires` ours.
      const expires = challenge.parameters.data?.expires;
      if (typeof expires !== "number" || !Number.isFinite(expires)) return false;
      const expiresAt = new Date(expires * SECOND);
      if (expiresAt.getTime() <= clock.now().getTime()) return false;

      if (Math.random() < 0.01) purgeExpired().catch(() => {});

      // Single use: the primary key decides, so of N parallel submissions of one
      // solution exactly one inserts a row. The signature is unique per challenge
      // (random nonce and salt), and verifySolution matched it exactly.
      const challengeHash = createHash("sha256")
        .update(challenge.signature ?? "")
        .digest("base64url");
      const { count } = await db.captchaUse.createMany({
        data: [{ challengeHash, expiresAt }],
        skipDuplicates: true,
      });
      return count === 1;
    },
  };
}

interface AltchaPayload {
  challenge: Challenge & { signature: string };
  solution: { counter: number; derivedKey: string; time?: number };
}

/** base64(JSON) as the altcha widget (v2 challenges) submits it; null for anything else. */
function parsePayload(solution: unknown): AltchaPayload | null {
  if (typeof solution !== "string" || solution.length === 0 || solution.length > MAX_SOLUTION_LENGTH) return null;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(solution)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(solution, "base64").toString("utf8"));
  } catch {
    return null;
  }
  if (!isRecord(value) || !isRecord(value.challenge) || !isRecord(value.solution)) return null;
  const { parameters, signature } = value.challenge;
  const { counter, derivedKey } = value.solution;
  if (!isRecord(parameters) || typeof signature !== "string") return null;
  if (typeof counter !== "number" || typeof derivedKey !== "string") return null;
  // Rebuilt from the checked fields only, so nothing else reaches altcha-lib; the
  // signature covers every parameter, so a changed one fails there.
  return {
    challenge: { parameters: parameters as unknown as Challenge["parameters"], signature },
    solution: { counter, derivedKey },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Turnstile, hCaptcha and reCAPTCHA share one protocol: POST the secret and the
 * widget's token, form-encoded, and read `success`. Their tokens are single-use at
 * the provider, so no table is needed here.
 */
function createSiteverify(url: string, secret: string, fetchImpl: typeof fetch, provider: string): CaptchaVerifier {
  return {
    provider,
    async challenge() {
      return null;
    },
    async verify(solution, remoteIp) {
      if (typeof solution !== "string" || solution.length === 0 || solution.length > MAX_SOLUTION_LENGTH) return false;
      const body = new URLSearchParams({ secret, response: solution });
      if (remoteIp) body.set("remoteip", remoteIp);
      try {
        const response = await fetchImpl(url, {
          method: "POST",
          body,
          signal: AbortSignal.timeout(SITEVERIFY_TIMEOUT_MS),
        });
        if (!response.ok) return false;
        const result: unknown = await response.json();
        return isRecord(result) && result.success === true;
      } catch {
        // Unreachable or slow provider: fail closed, the user can try again.
        return false;
      }
    },
  };
}
