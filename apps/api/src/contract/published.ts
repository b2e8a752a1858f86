/**
 * The OpenAPI document as published for integrators (`packages/client/src/generated/
 * openapi.json`, from which the typed client is generated): the app's own document, built
 * with a fixed configuration — HTTPS cookie names, no development routes, a placeholder
 * server — so it depends on the code only. `pnpm openapi` writes it; a unit test fails
 * while the committed copy differs (ADR 039).
 */
import { buildApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { createDb } from "../db/client.ts";

/** The server the published document names; an integrator's client is given its own. */
export const PUBLISHED_SERVER = "https://portier.example.com";

export async function publishedDocument(): Promise<Record<string, unknown>> {
  // Placeholders only: building the app reads no secret and opens no connection.
  const config = loadConfig({
    PUBLIC_URL: PUBLISHED_SERVER,
    PASSWORD_PEPPER: "placeholder-pepper-0123456789abcdefghijklmnopqrstuvwxyz",
    TOKEN_SECRET: "placeholder-token-secret-0123456789abcdefghijklmnopqrstuv",
    ENCRYPTION_KEYS: "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    DATABASE_URL: "postgres://portier@127.0.0.1:1/portier",
    SMTP_URL: "smtp://127.0.0.1:1",
    SMS_PROVIDER: "webhook",
    SMS_WEBHOOK_URL: "https://127.0.0.1:1/sms",
    LOG_LEVEL: "silent",
  });
  const app = await buildApp({ config, db: createDb(config.database.url ?? "") });
  try {
    await app.ready();
    return structuredClone(app.swagger()) as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
