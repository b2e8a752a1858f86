/**
 * `pnpm sessions:end-all --yes`
 *
 * Ends every customer session at once, e.g. after a suspected breach (ASVS 7.4.5, ADR 019,
 * ADR 026): every browser and app signed in to any customer account is logged out, sign-ins
 * still in progress are rejected, and every service signed in with Portier is signed out
 * (its codes, access and refresh tokens end; the customers' consents stay). Customers sign in again (with OTP and the confirmation
 * policy as usual). Staff sessions are left alone. Every API instance refuses the ended
 * sessions within a second; nothing needs restarting.
 *
 * Without `--yes` it asks for confirmation on a terminal, and refuses elsewhere.
 * Database as the API reads it (DATABASE_URL, …); without it, the embedded PostgreSQL of
 * `pnpm start` (already running or started here) with the local secrets of .data/dev-secrets.json.
 */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createDb } from "../apps/api/src/db/client.ts";
import { systemClock } from "../apps/api/src/lib/clock.ts";
import { endAllCustomerSessions } from "../apps/api/src/sessions/end-all.ts";
import { fail, loadScriptConfig, openDatabase } from "./local-setup.ts";

const USAGE = "usage: pnpm sessions:end-all [--yes]   (ends every customer session; asks first unless --yes)";

const { values } = (() => {
  try {
    return parseArgs({ options: { yes: { type: "boolean", default: false } }, strict: true });
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
})();

async function confirmed(): Promise<boolean> {
  if (values.yes) return true;
  if (!process.stdin.isTTY) fail(`Not on a terminal: pass --yes to confirm.\n${USAGE}`);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await new Promise<string>((resolve) =>
    rl.question("This logs out every customer everywhere. Type END to continue: ", resolve),
  );
  rl.close();
  return answer.trim() === "END";
}

const config = loadScriptConfig();
if (!(await confirmed())) fail("Nothing was changed.");

const database = await openDatabase(config);
const databaseUrl = database.url;
const db = createDb(databaseUrl, 1);
try {
  const { sessions, signInsInProgress, providerSessions, serviceTokens } = await endAllCustomerSessions({ db, clock: systemClock });
  console.log(
    `Ended ${sessions} customer session(s), ${signInsInProgress} sign-in(s) in progress, ${providerSessions} single sign-on session(s) and ${serviceTokens} service token(s) at ${systemClock.now().toISOString()}.`,
  );
  console.log("Every API instance refuses them within a second. Staff sessions were not touched.");
} finally {
  await db.$disconnect();
  await database.stop();
}
process.exit(0);
