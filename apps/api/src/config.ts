/**
 * Configuration: parsed once from the environment, with zod, failing fast with a
 * readable list of everything that is wrong. The only file that reads process.env.
 * Every variable is documented in .env.example and the README.
 */

import { existsSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { OidcClientsEnv } from "./flows/oidc-provider/clients.ts";
import { SharedLoginProvidersSchema } from "./flows/shared-login/config.ts";
import { parseEncryptionKeys } from "./lib/encryption.ts";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const secret = (name: string) =>
  z
    .string({ message: `${name} is required (at least 32 random bytes, e.g. \`openssl rand -base64 32\`)` })
    .min(32, `${name} must be at least 32 characters`);

const EnvSchema = z.object({
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public URL of the SPA; every link in every message is built from it (never from Host). */
  PUBLIC_URL: z.url().default("http://localhost:5173"),
  /** Extra origins allowed to make cookie-authenticated changes (comma-separated). */
  ALLOWED_ORIGINS: z.string().default(""),
  /** The proxies in front whose X-Forwarded-For is believed: addresses, CIDRs or names (ADR 030). */
  TRUST_PROXY: z
    .string()
    .default("")
    .superRefine((value, ctx) => {
      for (const problem of trustProxyProblems(value)) ctx.addIssue({ code: "custom", message: problem });
    })
    .transform(parseTrustProxy),
  /**
   * The built SPA (`pnpm build`: apps/web/dist) for the API to serve on its own port; unset:
   * the API serves only the API and another web server serves the SPA (ADR 031).
   */
  WEB_DIST: z.string().optional(),
  /** SIGTERM: the longest the API waits for requests in flight before it exits anyway (ADR 023, ADR 031). */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(25),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  DATABASE_URL: z.string().optional(),
  EMBEDDED_PG_DIR: z.string().default(".data/postgres"),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** A throwaway embedded database (end-to-end tests): no fsync, deleted when the API stops. */
  EMBEDDED_PG_THROWAWAY: bool,

  PASSWORD_PEPPER: secret("PASSWORD_PEPPER"),
  TOKEN_SECRET: secret("TOKEN_SECRET"),
  /** AES-256-GCM keys for secrets at rest: "id:base64(32 bytes)", comma-separated, current first. */
  ENCRYPTION_KEYS: z
    .string({ message: "ENCRYPTION_KEYS is required: id:base64key (e.g. k1:$(openssl rand -base64 32))" })
    .superRefine((value, ctx) => {
      try {
        parseEncryptionKeys(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
      }
    }),
  BCRYPT_COST: z.coerce.number().int().min(4).max(16).default(12),

  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(60),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  /** Live sessions per account; at the limit a new sign-in ends the least recently used one (ADR 018). */
  SESSION_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).max(10_000).default(50),

  MAIL_FROM: z.string().default("Portier <no-reply@portier.localhost>"),
  SMTP_URL: z.string().optional(),
  SMS_PROVIDER: z.enum(["devmailbox", "webhook"]).default("devmailbox"),
  SMS_WEBHOOK_URL: z.url().optional(),
  /** SMS per client address per hour (ADR 027); raise it behind a large shared NAT. */
  SMS_PER_ADDRESS_HOURLY_LIMIT: z.coerce.number().int().min(1).default(20),
  /** SMS of the whole service per hour (ADR 027): reached, further SMS are refused and an error is logged. */
  SMS_GLOBAL_HOURLY_LIMIT: z.coerce.number().int().min(1).default(500),
  DEV_MAILBOX: bool,
  /** Lets end-to-end tests move the API's clock forward (POST /api/v1/dev/clock). */
  DEV_CLOCK: bool,
  /** Lets development and end-to-end tests create ready accounts and staff (POST /api/v1/dev/seed/…, ADR 038). */
  DEV_SEED: bool,
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(1000),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(14),

  CAPTCHA_PROVIDER: z.enum(["altcha", "turnstile", "hcaptcha", "recaptcha"]).default("altcha"),
  CAPTCHA_SECRET: z.string().optional(),
  CAPTCHA_SITE_KEY: z.string().optional(),
  /** ALTCHA work factor: the largest number a solver may have to try. */
  ALTCHA_MAX_NUMBER: z.coerce.number().int().min(10).default(100_000),

  /** Bearer token for GET /metrics (Prometheus); without it the route does not exist. */
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, message: "expected redis://host:port or rediss://…" }).optional(),
  /** Prefix of every Redis key, so several deployments (or test runs) can share one Redis. */
  REDIS_KEY_PREFIX: z.string().min(1).max(64).default("portier:"),
  /** Default per-IP budget of a route that names none. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** Scales every per-IP route limit (e.g. 10 behind a large shared NAT). */
  RATE_LIMIT_MULTIPLIER: z.coerce.number().min(0.01).max(100000).default(1),
  /**
   * Passkeys (ADR 040): the relying-party id (a registrable domain suffix of the SPA's
   * host; passkeys are bound to it for good), the name authenticators show, and the
   * origins a ceremony may come from (comma-separated). Defaults: PUBLIC_URL's host and origin.
   */
  WEBAUTHN_RP_ID: z
    .string()
    .regex(/^[a-z0-9.-]+$/, "a host name, e.g. account.example.com")
    .optional(),
  WEBAUTHN_RP_NAME: z.string().min(1).max(64).default("Portier"),
  WEBAUTHN_ORIGINS: z.string().default(""),
  /** Shared-login OpenID providers (SPEC §7): a JSON array of {id, displayName, issuer, clientId, clientSecret, scopes?}. */
  SHARED_LOGIN_PROVIDERS: SharedLoginProvidersSchema,
  /** Sign in with Portier (SPEC §11): the services allowed to sign customers in, a JSON array (clients.ts). */
  OIDC_CLIENTS: OidcClientsEnv,
});

/** The names proxy-addr (Fastify's trustProxy) understands, each a set of ranges. */
const PROXY_RANGE_NAMES = ["loopback", "linklocal", "uniquelocal"];

function parseTrustProxy(value: string): string[] {
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/**
 * An address, a CIDR (`10.0.0.0/8`, `fd00::/8`) or a range name; anything else stops
 * the start, so a typo never silently means "trust nobody" (or everybody).
 */
function trustProxyProblems(value: string): string[] {
  const problems: string[] = [];
  for (const entry of parseTrustProxy(value)) {
    if (PROXY_RANGE_NAMES.includes(entry)) continue;
    const [address = "", prefix, ...rest] = entry.split("/");
    const family = isIP(address);
    const maxPrefix = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (family === 0 || !prefixOk || rest.length > 0) {
      problems.push(
        `"${entry}" is not an IP address, a CIDR (e.g. 10.0.0.0/8) or one of ${PROXY_RANGE_NAMES.join(", ")}; TRUST_PROXY lists the proxies in front, comma-separated`,
      );
    }
  }
  return problems;
}

/**
 * Rules between variables. Checked on the raw values (with the schema's defaults), so
 * they are listed together with the per-variable errors rather than after them.
 */
function crossCheck(env: Record<string, string | undefined>): string[] {
  const devMailbox = env.DEV_MAILBOX === "true" || env.DEV_MAILBOX === "1";
  const sms = env.SMS_PROVIDER ?? "devmailbox";
  const captcha = env.CAPTCHA_PROVIDER ?? "altcha";
  const problems: string[] = [];
  if (env.TRUST_PROXY_HOPS !== undefined) {
    problems.push(
      "TRUST_PROXY_HOPS: TRUST_PROXY_HOPS is no longer read (a hop count cannot tell a proxy from a client). Remove it and set TRUST_PROXY to the addresses or CIDRs of the proxies in front, e.g. TRUST_PROXY=10.0.0.0/8 or TRUST_PROXY=loopback (unset: X-Forwarded-For is ignored)",
    );
  }
  if (!env.SMTP_URL && !devMailbox) problems.push("SMTP_URL: SMTP_URL is required unless DEV_MAILBOX=true");
  if (sms === "devmailbox" && !devMailbox) {
    problems.push("SMS_PROVIDER: SMS_PROVIDER=devmailbox only delivers into the dev mailbox; set DEV_MAILBOX=true or SMS_PROVIDER=webhook");
  }
  if ((env.DEV_CLOCK === "true" || env.DEV_CLOCK === "1") && !devMailbox) {
    problems.push("DEV_CLOCK: DEV_CLOCK is for development and tests only; it needs DEV_MAILBOX=true");
  }
  if ((env.DEV_SEED === "true" || env.DEV_SEED === "1") && !devMailbox) {
    problems.push(
      "DEV_SEED: DEV_SEED creates accounts and staff members without any check, for development and tests only; it needs DEV_MAILBOX=true and is never set in production",
    );
  }
  if (env.WEB_DIST && !existsSync(path.join(path.resolve(env.WEB_DIST), "index.html"))) {
    problems.push(
      `WEB_DIST: no index.html in ${path.resolve(env.WEB_DIST)}; run \`pnpm build\` first, or unset WEB_DIST to serve the SPA elsewhere`,
    );
  }
  // Every origin a passkey ceremony may come from must lie within the RP id (WebAuthn §5.1.4).
  const rpId = env.WEBAUTHN_RP_ID ?? safeHost(env.PUBLIC_URL ?? "http://localhost:5173");
  const origins = env.WEBAUTHN_ORIGINS ? env.WEBAUTHN_ORIGINS.split(",").map((o) => o.trim()) : [env.PUBLIC_URL ?? "http://localhost:5173"];
  for (const origin of origins.filter(Boolean)) {
    const host = safeHost(origin);
    if (host === null || (rpId && host !== rpId && !host.endsWith(`.${rpId}`))) {
      problems.push(`WEBAUTHN_ORIGINS: ${origin} is not an origin on ${rpId} (WEBAUTHN_RP_ID, by default PUBLIC_URL's host)`);
    }
  }
  if (sms === "webhook" && !env.SMS_WEBHOOK_URL) problems.push("SMS_WEBHOOK_URL: SMS_WEBHOOK_URL is required with SMS_PROVIDER=webhook");
  if (captcha !== "altcha" && !env.CAPTCHA_SECRET)
    problems.push(`CAPTCHA_SECRET: CAPTCHA_SECRET is required with CAPTCHA_PROVIDER=${captcha}`);
  return problems;
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

export type Config = ReturnType<typeof loadConfig>;

/** Every variable the API reads (deployment manifests are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = EnvSchema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".") || "(env)"}: ${issue.message}`)),
    ...crossCheck(env),
  ];
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Portier cannot start; fix the configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  const e = parsed.data;
  const publicUrl = new URL(e.PUBLIC_URL);
  const secure = publicUrl.protocol === "https:";
  return {
    host: e.HOST,
    port: e.PORT,
    publicUrl: publicUrl.origin + publicUrl.pathname.replace(/\/$/, ""),
    allowedOrigins: [
      publicUrl.origin,
      ...e.ALLOWED_ORIGINS.split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    ],
    logLevel: e.LOG_LEVEL,
    webDist: e.WEB_DIST ? path.resolve(e.WEB_DIST) : undefined,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    /** Fastify's trustProxy: the proxies' addresses, or false (the socket address is the client). */
    trustProxy: e.TRUST_PROXY.length > 0 ? e.TRUST_PROXY : false,
    database: {
      url: e.DATABASE_URL,
      embeddedDir: e.EMBEDDED_PG_DIR,
      embeddedPort: e.EMBEDDED_PG_PORT,
      embeddedThrowaway: e.EMBEDDED_PG_THROWAWAY,
    },
    passwords: { pepper: e.PASSWORD_PEPPER, bcryptCost: e.BCRYPT_COST },
    tokenSecret: e.TOKEN_SECRET,
    encryptionKeys: parseEncryptionKeys(e.ENCRYPTION_KEYS),
    sessions: {
      idleMs: e.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
      maxPerAccount: e.SESSION_MAX_PER_ACCOUNT,
      /** `Secure` + `__Host-` outside plain-http development (SPEC §2). */
      secureCookies: secure,
    },
    mail: { from: e.MAIL_FROM, smtpUrl: e.SMTP_URL },
    sms: {
      provider: e.SMS_PROVIDER,
      webhookUrl: e.SMS_WEBHOOK_URL,
      budget: { perAddressHourly: e.SMS_PER_ADDRESS_HOURLY_LIMIT, globalHourly: e.SMS_GLOBAL_HOURLY_LIMIT },
    },
    devMailbox: e.DEV_MAILBOX,
    devClock: e.DEV_CLOCK,
    devSeed: e.DEV_SEED,
    outbox: { pollMs: e.OUTBOX_POLL_MS, maxAttempts: e.OUTBOX_MAX_ATTEMPTS },
    captcha: {
      provider: e.CAPTCHA_PROVIDER,
      secret: e.CAPTCHA_SECRET,
      siteKey: e.CAPTCHA_SITE_KEY,
      altchaMaxNumber: e.ALTCHA_MAX_NUMBER,
    },
    metricsToken: e.METRICS_TOKEN,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    rateLimitMultiplier: e.RATE_LIMIT_MULTIPLIER,
    webauthn: {
      rpId: e.WEBAUTHN_RP_ID ?? publicUrl.hostname,
      rpName: e.WEBAUTHN_RP_NAME,
      origins: e.WEBAUTHN_ORIGINS
        ? e.WEBAUTHN_ORIGINS.split(",")
            .map((o) => o.trim())
            .filter(Boolean)
        : [publicUrl.origin],
    },
    sharedLogin: { providers: e.SHARED_LOGIN_PROVIDERS },
    oidc: { clients: e.OIDC_CLIENTS },
  };
}
