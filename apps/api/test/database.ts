import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "../src/db/client.ts";

/** A fresh, migrated database for one test file; dropped by `drop()`. */
export async function createTestDatabase(): Promise<{ url: string; db: Db; drop(): Promise<void> }> {
  const template = new URL(inject("templateDatabaseUrl"));
  const name = `portier_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: withDatabase(template, "postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template.pathname.slice(1)}"`);
  await admin.end();
  const url = withDatabase(template, name);
  const db = createDb(url, 20);
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      const cleanup = new pg.Client({ connectionString: withDatabase(template, "postgres") });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

function withDatabase(url: URL, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
