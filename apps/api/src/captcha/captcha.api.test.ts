import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.ts";
import type { Db } from "../db/client.ts";
import { FakeClock, MINUTE, SECOND } from "../lib/clock.ts";
import { ALTCHA_CHALLENGE_TTL_MS, createCaptcha } from "./captcha.ts";
import { solveAltchaChallenge } from "./solve.ts";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database?.drop();
});

const config = { provider: "altcha" as const, altchaMaxNumber: 1000 };
const hmacKey = "test-captcha-key";

function setup(clock = new FakeClock()) {
  return { clock, captcha: createCaptcha({ config, hmacKey, db, clock }) };
}

const decode = (payload: string) => JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

describe("ALTCHA captcha", () => {
  it("hands out a signed challenge that expires in 10 minutes", async () => {
    const { clock, captcha } = setup();
    expect(captcha.provider).toBe("altcha");
    const challenge = (await captcha.challenge()) as { parameters: Record<string, unknown>; signature: string };
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(challenge.parameters.algorithm).toBe("SHA-256");
    expect(challenge.parameters.data).toEqual({
      expires: (clock.now().getTime() + ALTCHA_CHALLENGE_TTL_MS) / SECOND,
    });
    // JSON-serialisable as the widget fetches it.
    expect(JSON.parse(JSON.stringify(challenge))).toEqual(challenge);
  });

  it("accepts a solved challenge once", async () => {
    const { captcha } = setup();
    const payload = await solveAltchaChallenge(await captcha.challenge());
    expect(await captcha.verify(payload, "127.0.0.1")).toBe(true);
    expect(await captcha.verify(payload, "127.0.0.1")).toBe(false);
  });

  it("accepts exactly one of 10 parallel submissions of one solution", async () => {
    const { captcha } = setup();
    const payload = await solveAltchaChallenge(await captcha.challenge());
    const results = await Promise.all(Array.from({ length: 10 }, () => captcha.verify(payload)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("is single-use across instances sharing the database", async () => {
    const clock = new FakeClock();
    const a = createCaptcha({ config, hmacKey, db, clock });
    const b = createCaptcha({ config, hmacKey, db, clock });
    const payload = await solveAltchaChallenge(await a.challenge());
    expect(await b.verify(payload)).toBe(true);
    expect(await a.verify(payload)).toBe(false);
  });

  it("accepts different challenges independently", async () => {
    const { captcha } = setup();
    const one = await solveAltchaChallenge(await captcha.challenge());
    const two = await solveAltchaChallenge(await captcha.challenge());
    expect(await captcha.verify(one)).toBe(true);
    expect(await captcha.verify(two)).toBe(true);
  });

  it("refuses a tampered payload", async () => {
    const { captcha } = setup();
    const payload = decode(await solveAltchaChallenge(await captcha.challenge()));

    // A wrong answer.
    const wrongKey = structuredClone(payload);
    wrongKey.solution.derivedKey = wrongKey.solution.derivedKey.replace(/^./, (c: string) => (c === "0" ? "1" : "0"));
    expect(await captcha.verify(encode(wrongKey))).toBe(false);
    const wrongCounter = structuredClone(payload);
    wrongCounter.solution.counter += 1;
    wrongCounter.solution.derivedKey = "00".repeat(32);
    expect(await captcha.verify(encode(wrongCounter))).toBe(false);

    // A longer life or an easier puzzle, with the signature left as it was.
    const longer = structuredClone(payload);
    longer.challenge.parameters.data.expires += 3600;
    expect(await captcha.verify(encode(longer))).toBe(false);
    const easier = structuredClone(payload);
    easier.challenge.parameters.keyPrefix = "0";
    expect(await captcha.verify(encode(easier))).toBe(false);

    // No signature, another signature, or one made with another key.
    const unsigned = structuredClone(payload);
    delete unsigned.challenge.signature;
    expect(await captcha.verify(encode(unsigned))).toBe(false);
    const resigned = structuredClone(payload);
    resigned.challenge.signature = "ab".repeat(32);
    expect(await captcha.verify(encode(resigned))).toBe(false);
    const otherKey = createCaptcha({ config, hmacKey: "another-key", db, clock: new FakeClock() });
    expect(await otherKey.verify(encode(payload))).toBe(false);

    // The untouched payload still works: the refusals above did not use it up.
    expect(await captcha.verify(encode(payload))).toBe(true);
  });

  it("refuses an expired challenge", async () => {
    const { clock, captcha } = setup();
    const payload = await solveAltchaChallenge(await captcha.challenge());
    clock.advance(ALTCHA_CHALLENGE_TTL_MS + SECOND);
    expect(await captcha.verify(payload)).toBe(false);
  });

  it("accepts a challenge just before it expires", async () => {
    const { clock, captcha } = setup();
    const payload = await solveAltchaChallenge(await captcha.challenge());
    clock.advance(ALTCHA_CHALLENGE_TTL_MS - SECOND);
    expect(await captcha.verify(payload)).toBe(true);
  });

  it("returns false for garbage and never throws", async () => {
    const { captcha } = setup();
    const inputs: unknown[] = [
      "",
      " ",
      "not base64 at all!",
      "%%%%",
      Buffer.from("not json").toString("base64"),
      encode(null),
      encode(42),
      encode("string"),
      encode([]),
      encode({}),
      encode({ challenge: null, solution: null, test: true }), // the widget's test mode
      encode({ challenge: {}, solution: {} }),
      encode({ challenge: { parameters: {}, signature: "x" }, solution: { counter: 1, derivedKey: "zz" } }),
      encode({
        challenge: { parameters: { algorithm: "MD5", nonce: "zz", salt: "q", keyPrefix: "" }, signature: "x" },
        solution: { counter: -1, derivedKey: "00" },
      }),
      // The v1 payload shape.
      encode({ algorithm: "SHA-256", challenge: "abc", number: 1, salt: "s", signature: "x" }),
      "A".repeat(100_000),
      undefined,
      null,
      123,
    ];
    for (const input of inputs) {
      await expect(captcha.verify(input as string)).resolves.toBe(false);
    }
  });

  it("purges expired uses", async () => {
    const { clock, captcha } = setup(new FakeClock("2026-02-01T00:00:00Z"));
    const payload = await solveAltchaChallenge(await captcha.challenge());
    expect(await captcha.verify(payload)).toBe(true);
    const before = await db.captchaUse.count();
    clock.advance(ALTCHA_CHALLENGE_TTL_MS + MINUTE);
    expect(await captcha.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await db.captchaUse.count()).toBeLessThan(before);
    // Purging its row does not revive the challenge: it has expired.
    expect(await captcha.verify(payload)).toBe(false);
  });
});

describe("third-party captcha", () => {
  it("posts the secret, token and IP form-encoded to the provider and reads success", async () => {
    const calls: { url: string; body: string; contentType: string | null }[] = [];
    const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
      const request = new Request(url, init);
      const body = await request.text();
      calls.push({ url: request.url, body, contentType: request.headers.get("content-type") });
      const success = new URLSearchParams(body).get("response") === "good-token";
      return Response.json({ success, "error-codes": success ? [] : ["invalid-input-response"] });
    }) as typeof fetch;
    const captcha = createCaptcha({
      config: { provider: "turnstile", secret: "s3cret", siteKey: "site", altchaMaxNumber: 1000 },
      hmacKey,
      db,
      clock: new FakeClock(),
      fetch: fakeFetch,
    });
    expect(captcha.provider).toBe("turnstile");
    expect(await captcha.challenge()).toBeNull();
    expect(await captcha.verify("good-token", "203.0.113.9")).toBe(true);
    expect(await captcha.verify("bad-token")).toBe(false);
    expect(await captcha.verify("")).toBe(false);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.url).toBe("https://challenges.cloudflare.com/turnstile/v0/siteverify");
    expect(calls[0]?.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(calls[0]?.body))).toEqual({
      secret: "s3cret",
      response: "good-token",
      remoteip: "203.0.113.9",
    });
    expect(new URLSearchParams(calls[1]?.body).has("remoteip")).toBe(false);
  });

  it("fails closed when the provider errors or is unreachable", async () => {
    const make = (fakeFetch: typeof fetch, provider: "hcaptcha" | "recaptcha") =>
      createCaptcha({
        config: { provider, secret: "s", altchaMaxNumber: 1000 },
        hmacKey,
        db,
        clock: new FakeClock(),
        fetch: fakeFetch,
      });
    const down = (async () => {
      throw new TypeError("fetch failed");
    }) as typeof fetch;
    const broken = (async () => new Response("oops", { status: 500 })) as typeof fetch;
    const notJson = (async () => new Response("<html>")) as typeof fetch;
    const truthy = (async () => Response.json({ success: "true" })) as typeof fetch;
    for (const f of [down, broken, notJson, truthy]) {
      expect(await make(f, "hcaptcha").verify("token")).toBe(false);
      expect(await make(f, "recaptcha").verify("token")).toBe(false);
    }
  });

  it("requires a secret", () => {
    expect(() => createCaptcha({ config: { provider: "hcaptcha", altchaMaxNumber: 1000 }, hmacKey, db, clock: new FakeClock() })).toThrow(
      /CAPTCHA_SECRET/,
    );
  });
});
