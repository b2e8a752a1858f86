import pg from "pg";
import type { TestProject } from "vitest/node";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "../src/db/embedded.ts";
import { applyMigrations } from "../src/db/schema-engine.ts";
import { freePort } from "./free-port.ts";

let embedded: EmbeddedDatabase | undefined;

export default async function setup(project: TestProject) {
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    // A folder and port of its own, so two test runs on one machine never meet.
    embedded = await startEmbeddedPostgres(`.data/test-postgres-${process.pid}`, await freePort(), "portier_test_template", {
      // Throwaway data: no fsync, and deleted when the server stops.
      persistent: false,
      fsync: false,
    });
    baseUrl = embedded.url;
  }
  const template = new URL(baseUrl);
  template.pathname = `/portier_tpl_${process.pid}`;
  const admin = adminClient(baseUrl);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${template.pathname.slice(1)}"`);
  await admin.query(`CREATE DATABASE "${template.pathname.slice(1)}"`);
  await admin.end();
  await applyMigrations(template.toString());
  project.provide("templateDatabaseUrl", template.toString());
  return async () => {
    const cleanup = adminClient(baseUrl);
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${template.pathname.slice(1)}" WITH (FORCE)`);
    await cleanup.end();
    await embedded?.stop();
  };
}

function adminClient(url: string) {
  const u = new URL(url);
  u.pathname = "/postgres";
  return new pg.Client({ connectionString: u.toString() });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabaseUrl: string;
  }
}
