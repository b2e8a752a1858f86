/**
 * What every command-line script that talks to the database shares: the API's
 * configuration (falling back to the secrets `pnpm start` generated in
 * .data/dev-secrets.json), and the database — DATABASE_URL, or the embedded PostgreSQL
 * of `pnpm start`: the one already running on its data folder, on whatever port it
 * runs (read from its postmaster.pid), or one started here for the script's run.
 * Failures are one readable message, never a stack trace or `undefined`.
 */
import { existsSync, readFileSync } from "node:fs";
import { type Config, loadConfig } from "../apps/api/src/config.ts";
import { openEmbeddedPostgres } from "../apps/api/src/db/embedded.ts";

export function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

/** The secrets `pnpm start` generated, for what the environment does not set. */
function localDevelopmentEnv(): Record<string, string> {
  const file = new URL("../.data/dev-secrets.json", import.meta.url);
  if (process.env.PASSWORD_PEPPER || !existsSync(file)) return {};
  console.error("Using the local development secrets of `pnpm start` (.data/dev-secrets.json).");
  // Scripts send no messages; like `pnpm start`, the local setup needs no SMTP server.
  return { ...JSON.parse(readFileSync(file, "utf8")), DEV_MAILBOX: "true" };
}

export function loadScriptConfig(): Config {
  try {
    return loadConfig({ ...localDevelopmentEnv(), ...process.env });
  } catch (error) {
    return fail((error as Error).message);
  }
}

export async function openDatabase(config: Config): Promise<{ url: string; stop(): Promise<void> }> {
  if (config.database.url) return { url: config.database.url, stop: async () => {} };
  try {
    return await openEmbeddedPostgres(config.database.embeddedDir, config.database.embeddedPort);
  } catch (error) {
    return fail(`${(error as Error).message}\nOr set DATABASE_URL to the database the API uses.`, 1);
  }
}
