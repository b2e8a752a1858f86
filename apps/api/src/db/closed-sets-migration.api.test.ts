/**
 * The closed-sets migration (ADR 032) on a database that already holds data: the migrations
 * before it are applied, rows written with the old plain strings, then it runs. Known
 * values stay, a locale outside the set becomes English, and any other value outside its
 * set stops the migration with the value named.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { migrationsDir, readMigrations } from "./schema-engine.ts";

const CLOSED_SETS = "20261206095450_closed_sets";
const before = readMigrations()
  .migrationDirectories.map((d) => d.path)
  .filter((name) => name < CLOSED_SETS);
const sqlOf = (name: string) => readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");

const created: string[] = [];
function urlOf(name: string) {
  const url = new URL(inject("templateDatabaseUrl"));
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new database with every migration before the closed sets applied. */
async function databaseBeforeClosedSets(): Promise<pg.Client> {
  const name = `portier_m_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: urlOf("postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  created.push(name);
  const client = new pg.Client({ connectionString: urlOf(name) });
  await client.connect();
  for (const migration of before) await client.query(sqlOf(migration));
  return client;
}

async function seed(client: pg.Client, values: { locale: string; state: string }) {
  const account = await client.query<{ id: string }>(
    `INSERT INTO account (id, email, phone, password_hash, locale, terms_accepted_at, created_at, updated_at)
     VALUES (gen_random_uuid(), $1, '+420601123456', '-', $2, now(), now(), now()) RETURNING id`,
    [`m${randomBytes(4).toString("hex")}@example.com`, values.locale],
  );
  const accountId = account.rows[0]!.id;
  await client.query(
    `INSERT INTO login_attempt (id, account_id, state, browser_hash, method, ip, user_agent, created_at, expires_at)
     VALUES (gen_random_uuid(), $1, $2, $3, 'password', '192.0.2.1', 'Firefox/128/Linux', now(), now())`,
    [accountId, values.state, randomBytes(8).toString("hex")],
  );
  await client.query(
    `INSERT INTO login_event (id, account_id, at, result, method, ip, browser, os)
     VALUES (gen_random_uuid(), $1, now(), 'wrong_otp', 'password', '192.0.2.1', 'Firefox 128', 'Linux')`,
    [accountId],
  );
  return accountId;
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: urlOf("postgres") });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe("the closed-sets migration on existing data", () => {
  it("keeps known values and maps an unknown locale to English", async () => {
    const client = await databaseBeforeClosedSets();
    try {
      const czech = await seed(client, { locale: "cs", state: "otp_required" });
      const german = await seed(client, { locale: "de", state: "rejected" });
      // The reason column was plain text before (migration login_attempt_rejected_reason).
      await client.query("UPDATE login_attempt SET rejected_reason = 'otp_turned_off' WHERE account_id = $1", [german]);
      await client.query(sqlOf(CLOSED_SETS));
      const rows = await client.query<{ id: string; locale: string; state: string; reason: string | null; result: string }>(
        `SELECT a.id, a.locale::text, l.state::text, l.rejected_reason::text AS reason, e.result::text
         FROM account a JOIN login_attempt l ON l.account_id = a.id JOIN login_event e ON e.account_id = a.id`,
      );
      expect(Object.fromEntries(rows.rows.map((r) => [r.id, [r.locale, r.state, r.reason, r.result]]))).toEqual({
        [czech]: ["cs", "otp_required", null, "wrong_otp"],
        [german]: ["en", "rejected", "otp_turned_off", "wrong_otp"],
      });
      // From now on the database itself refuses a value outside the set.
      await expect(client.query("UPDATE login_attempt SET state = 'paused'")).rejects.toThrow(/invalid input value for enum/);
    } finally {
      await client.end();
    }
  });

  it("stops, naming the value, when a row holds a value outside its set", async () => {
    const client = await databaseBeforeClosedSets();
    try {
      await seed(client, { locale: "en", state: "paused" });
      await expect(client.query(sqlOf(CLOSED_SETS))).rejects.toThrow(/invalid input value for enum login_attempt_state: "paused"/);
    } finally {
      await client.end();
    }
  });
});
