/**
 * Prisma's schema engine, run as WebAssembly so migrations need no download
 * (the CLI's native engine comes from a host production cannot reach; see
 * docs/decisions/002-migrations-without-network.md). This is an internal Prisma
 * API, pinned exactly in package.json, and kept behind this one module.
 */
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { Client, type PoolConfig } from "pg";
import { parse as parseConnectionString } from "pg-connection-string";

/**
 * The repository's prisma/ folder, from this module's source (apps/api/src/db/) or from
 * the production bundle it is part of (apps/api/dist/, scripts/build.mjs).
 */
export const prismaDir = fileURLToPath(
  new URL(import.meta.url.endsWith(".ts") ? "../../../../prisma/" : "../../../prisma/", import.meta.url),
);
export const migrationsDir = path.join(prismaDir, "migrations");
const schemaPath = path.join(prismaDir, "schema.prisma");

interface Engine {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
interface EngineModule {
  __wbg_set_wasm(exports: Record<string, unknown>): void;
  SchemaEngine: { new: (options: unknown, log: (line: string) => void, adapter: object) => Promise<Engine> };
}

let loaded: Promise<EngineModule> | undefined;

/** The WASM glue reports a Rust panic's message here before it aborts. */
let lastPanic = "";
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
  set_message(message: string) {
    lastPanic = message;
  },
};

/** Instantiates the WASM module by hand, so Node 20 needs no --experimental-wasm-modules. */
function loadModule(): Promise<EngineModule> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bg = (await import(bgPath)) as EngineModule;
    const bytes = readFileSync(bgPath.replace(/\.js$/, ".wasm"));
    // Node has WebAssembly; this workspace's type libraries (ES2023, no DOM) do not describe it.
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const { instance } = await wasm.instantiate(bytes, { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return bg;
  })();
  return loaded;
}

const noFilters = { externalTables: [], externalEnums: [] };

function schemaFiles() {
  return [{ path: "schema.prisma", content: readFileSync(schemaPath, "utf8") }];
}

export function readMigrations() {
  const names = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  let lock: string | null = null;
  try {
    lock = readFileSync(lockPath, "utf8");
  } catch {
    lock = null;
  }
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: lock },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * The engine's catalog queries return PostgreSQL's one-byte `"char"` type (relkind,
 * contype, ...), which the adapter has no mapping for; it is text, so say so.
 */
function readCharAsText<T extends object>(adapter: T): T {
  const io = adapter as unknown as {
    performIO(query: unknown): Promise<{ fields: { dataTypeID: number }[] }>;
  };
  const perform = io.performIO.bind(io);
  io.performIO = async (query) => {
    const result = await perform(query);
    for (const field of result.fields) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
    return result;
  };
  return adapter;
}

/**
 * A throwaway database for diffing migrations. The adapter's own version drops the
 * database before closing its pool (and so fails); this one closes first, once.
 */
async function connectToShadowDb(config: PoolConfig) {
  const name = `portier_shadow_${randomUUID().replaceAll("-", "")}`;
  const admin = new Client(config);
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const adapter = await new PrismaPg({ ...config, database: name }).connect();
  const close = adapter.dispose.bind(adapter);
  let closing: Promise<void> | undefined;
  adapter.dispose = () => {
    closing ??= (async () => {
      await close();
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      await admin.end();
    })();
    return closing;
  };
  return adapter;
}

/**
 * The engine's glue leaves a 10-second timer behind after each command, which keeps a
 * CLI or test process alive for nothing; its timers are unref'd while it runs.
 */
async function withUnrefTimers<T>(run: () => Promise<T>): Promise<T> {
  const original = globalThis.setTimeout;
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => original(...args).unref()) as typeof setTimeout;
  try {
    return await run();
  } finally {
    globalThis.setTimeout = original;
  }
}

function withEngine<T>(databaseUrl: string, run: (engine: Engine) => Promise<T>): Promise<T> {
  return withUnrefTimers(() => runEngine(databaseUrl, run));
}

async function runEngine<T>(databaseUrl: string, run: (engine: Engine) => Promise<T>): Promise<T> {
  const mod = await loadModule();
  // Discrete fields, not a connection string: the adapter names its shadow database
  // by overriding `database`, which a connection string would silently win over.
  const config = { ...(parseConnectionString(databaseUrl) as PoolConfig), allowExitOnIdle: true };
  const pg = new PrismaPg(config);
  // The engine never closes the pools it opens; left open they hold its advisory
  // lock and the next run waits 10 s for it. Track and close them ourselves.
  const opened: { dispose(): Promise<void> }[] = [];
  const tracked: Parameters<typeof bindMigrationAwareSqlAdapterFactory>[0] = {
    provider: pg.provider,
    adapterName: pg.adapterName,
    connect: async () => {
      const adapter = readCharAsText(await pg.connect());
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = readCharAsText(await connectToShadowDb(config));
      opened.push(adapter);
      return adapter;
    },
  };
  const factory = bindMigrationAwareSqlAdapterFactory(tracked);
  const engine = await mod.SchemaEngine.new({ datamodels: schemaFiles().map((f) => [f.path, f.content]) }, () => {}, factory);
  try {
    return await run(engine);
  } catch (error) {
    if (lastPanic) throw new Error(`Prisma schema engine panicked: ${lastPanic}`, { cause: error });
    throw error;
  } finally {
    engine.free();
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
  }
}

/** Applies every migration in prisma/migrations not yet applied; returns their names. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  return withEngine(databaseUrl, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: readMigrations(), filters: noFilters });
    return out.appliedMigrationNames;
  });
}

/**
 * SQL that would bring prisma/migrations to schema.prisma (computed on a throwaway
 * shadow database next to `databaseUrl`); empty when they agree. Used to write a
 * new migration and to test for drift.
 */
export async function diffMigrationsToSchema(databaseUrl: string): Promise<string> {
  return withEngine(databaseUrl, async (engine) => {
    const out = await engine.diff({
      from: { tag: "migrations", ...readMigrations() },
      to: { tag: "schemaDatamodel", files: schemaFiles() },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return (out.stdout ?? "").trim();
  });
}
