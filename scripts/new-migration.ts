/**
 * `pnpm db:migration <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
 * with the SQL that brings the existing migrations to prisma/schema.prisma. No network:
 * Prisma's WASM schema engine computes it on a throwaway database (DATABASE_URL, or an
 * embedded PostgreSQL started for the purpose).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "../apps/api/src/db/embedded.ts";
import { diffMigrationsToSchema, migrationsDir } from "../apps/api/src/db/schema-engine.ts";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: pnpm db:migration <name>");
  process.exit(2);
}
const embedded = process.env.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres(".data/migration-postgres", 54398, "portier", { fsync: false });
try {
  const sql = await diffMigrationsToSchema(process.env.DATABASE_URL ?? (embedded?.url as string));
  if (sql === "" || sql.startsWith("-- This is an empty migration")) {
    console.log("prisma/schema.prisma and prisma/migrations already agree; nothing written.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(migrationsDir, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
    console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} finally {
  await embedded?.stop();
}
process.exit(0);
